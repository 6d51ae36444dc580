using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Training.Tests.Support;

/// <summary>
/// A TCP proxy between a service and PostgreSQL that a test breaks on purpose, at a chosen moment: the database
/// away altogether, or one connection failing when the service sends given bytes (a statement, COMMIT).
/// Deterministic where killing a server is not: the failure happens at exactly that message.
/// </summary>
public sealed class FlakyProxy : IAsyncDisposable
{
    public enum Failure
    {
        /// <summary>Drop the connection before the message reaches the server: it never ran.</summary>
        Cut,
        /// <summary>Deliver the message, then drop the connection instead of relaying the answer: it ran, the client cannot know.</summary>
        LoseAnswer,
        /// <summary>Deliver the message and never relay the answer, keeping the connection open.</summary>
        Stall
    }

    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly IPEndPoint _target;
    readonly ConcurrentDictionary<Link, byte> _links = new();
    readonly CancellationTokenSource _stop = new();
    volatile bool _down;
    Armed? _armed;

    sealed record Armed(byte[] Pattern, Failure Failure, TaskCompletionSource Hit);

    public FlakyProxy(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        _target = new IPEndPoint(IPAddress.Parse(target.Host == "localhost" ? "127.0.0.1" : target.Host!), target.Port);
        _listener.Start();
        _ = Accept();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The same database, through this proxy.</summary>
    public string Through(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;

    /// <summary>Every connection is dropped, and new ones are closed as soon as they open, until <see cref="Up"/>.</summary>
    public void Down()
    {
        _down = true;
        foreach (var link in _links.Keys) link.Close();
    }

    public void Up() => _down = false;

    /// <summary>The next connection that sends <paramref name="text"/> fails that way; the task completes when it has.</summary>
    public Task FailWhenSent(string text, Failure failure)
    {
        var hit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _armed = new Armed(Encoding.UTF8.GetBytes(text), failure, hit);
        return hit.Task;
    }

    async Task Accept()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            if (_down) { client.Dispose(); continue; }
            var server = new TcpClient();
            try { await server.ConnectAsync(_target, _stop.Token); }
            catch (Exception) { client.Dispose(); server.Dispose(); continue; }
            var link = new Link(client, server);
            _links[link] = 0;
            _ = Task.WhenAll(Pump(link, toServer: true), Pump(link, toServer: false)).ContinueWith(_ => _links.TryRemove(link, out var _));
        }
    }

    async Task Pump(Link link, bool toServer)
    {
        var from = (toServer ? link.Client : link.Server).GetStream();
        var to = (toServer ? link.Server : link.Client).GetStream();
        var buffer = new byte[16 * 1024];
        var tail = Array.Empty<byte>(); // the end of the previous read, so a pattern split across two reads is still seen
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0) break;
                if (!toServer)
                {
                    if (link.Failure == Failure.LoseAnswer) break;
                    if (link.Failure == Failure.Stall) continue;
                }
                else if (_armed is { } armed)
                {
                    var seen = tail.Concat(buffer.Take(read)).ToArray();
                    if (seen.AsSpan().IndexOf(armed.Pattern) >= 0 && Interlocked.CompareExchange(ref _armed, null, armed) == armed)
                    {
                        link.Failure = armed.Failure;
                        armed.Hit.TrySetResult();
                        if (armed.Failure == Failure.Cut) break;
                    }
                    tail = seen[Math.Max(0, seen.Length - armed.Pattern.Length)..];
                }
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception) { /* either side went away */ }
        link.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var link in _links.Keys) link.Close();
    }

    sealed class Link(TcpClient client, TcpClient server)
    {
        public TcpClient Client { get; } = client;
        public TcpClient Server { get; } = server;
        public Failure? Failure { get; set; }

        public void Close()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }
}
