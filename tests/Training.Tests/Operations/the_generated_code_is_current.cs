using System.Diagnostics;

namespace Training.Tests.Operations;

/// <summary>
/// Production loads the committed handler code (TypeLoadMode.Static) and never generates its own, so code generated from
/// an older endpoint would serve the older behaviour, or fail at start. The service built for these tests generates its
/// code afresh; it must equal what is committed. No database: `codegen write` builds the host without starting it.
/// </summary>
public class the_generated_code_is_current
{
    [Fact]
    public async Task the_committed_handler_code_is_what_the_service_generates_now()
    {
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "Training.sln"))) repo = repo.Parent;
        repo.Should().NotBeNull("the tests run inside the repository");
        var committed = Path.Combine(repo!.FullName, "src", "Training.Api", "Internal", "Generated");

        var scratch = Directory.CreateTempSubdirectory("training-codegen-");
        try
        {
            var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "codegen", "write"])
            {
                WorkingDirectory = scratch.FullName, RedirectStandardOutput = true, RedirectStandardError = true,
                Environment =
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Development",
                    ["Training__TraineeIdSecret"] = "codegen-only",
                    ["Auth__SigningKey"] = "codegen-only-signing-key-not-for-any-real-use",
                    ["ConnectionStrings__Training"] = "Host=127.0.0.1;Port=1;Database=codegen;Username=codegen"
                }
            };
            using var codegen = Process.Start(start)!;
            var output = codegen.StandardOutput.ReadToEndAsync();
            var errors = await codegen.StandardError.ReadToEndAsync();
            await codegen.WaitForExitAsync();
            codegen.ExitCode.Should().Be(0, await output + errors);

            var fresh = Path.Combine(scratch.FullName, "Internal", "Generated");
            var stale = Differences(fresh, committed).ToList();
            stale.Should().BeEmpty("the committed generated code must be current: run ops/codegen and commit what it writes");
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    static IEnumerable<string> Differences(string fresh, string committed)
    {
        static Dictionary<string, string> Files(string root) => Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(root, f), f => File.ReadAllText(f).ReplaceLineEndings())
            : [];
        var now = Files(fresh);
        var kept = Files(committed);
        foreach (var (file, code) in now)
            if (!kept.TryGetValue(file, out var old)) yield return $"{file}: not committed";
            else if (old != code) yield return $"{file}: changed";
        foreach (var file in kept.Keys.Except(now.Keys)) yield return $"{file}: no longer generated";
    }
}
