using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Training.Dashboard.Tests.Support;

/// <summary>
/// A real OpenID provider on this machine (oidc/issuer.mjs, oidc-provider from npm; ./ops/test installs it from the
/// lockfile). It stops when the test disposes of it, or when the test process dies and its standard input closes.
/// </summary>
public sealed class LocalIssuer : IAsyncDisposable
{
    public const string ClientId = "training-dashboard";
    readonly Process _node;

    public Uri Address { get; }

    LocalIssuer(Process node, Uri address) => (_node, Address) = (node, address);

    public static async Task<LocalIssuer> Start(Uri dashboardOrigin)
    {
        var folder = Path.Combine(Repository.Root, "tests", "Training.Dashboard.Tests", "oidc");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
            throw new InvalidOperationException($"Run `npm ci` in {folder} (./ops/test does it).");
        var port = FreePort();
        var start = new ProcessStartInfo("node", ["issuer.mjs", $"{port}", $"{dashboardOrigin.GetLeftPart(UriPartial.Authority)}/dashboard", ClientId])
        {
            WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true
        };
        var node = Process.Start(start)!;
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var said = new List<string>();
        void Line(string? line)
        {
            if (line is null) return;
            lock (said) said.Add(line);
            if (line.StartsWith("ready ")) ready.TrySetResult(new Uri(line["ready ".Length..]));
        }
        node.OutputDataReceived += (_, e) => Line(e.Data);
        node.ErrorDataReceived += (_, e) => Line(e.Data);
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        node.EnableRaisingEvents = true;
        node.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"the issuer exited: {string.Join('\n', said)}"));
        try
        {
            return new LocalIssuer(node, await ready.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        catch
        {
            node.Kill();
            throw;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_node.HasExited) _node.Kill();
        await _node.WaitForExitAsync();
        _node.Dispose();
    }
}

public static class Repository
{
    /// <summary>The folder holding Training.sln, found upwards from the test's binaries.</summary>
    public static string Root
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Training.sln"))) folder = folder.Parent;
            return folder?.FullName ?? throw new InvalidOperationException("Training.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
