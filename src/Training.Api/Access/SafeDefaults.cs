namespace Training.Access;

/// <summary>
/// A configuration that cannot be safe or cannot work stops the service at start, naming the setting to provide,
/// rather than letting it answer 500 to every request or accept tokens anyone who reads the repository can mint.
/// </summary>
public static class SafeDefaults
{
    /// <summary>What appsettings.Development.json carries: public, as the repository is.</summary>
    public static readonly IReadOnlyList<string> Published =
        ["development-only-secret-never-use-in-production", "development-only-signing-key-never-use-in-production"];

    public static void Check(IConfiguration config, IHostEnvironment environment)
    {
        var authority = config["Auth:Authority"];
        if (authority is not null && authority.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                                  && config.GetValue("Auth:RequireHttpsMetadata", true))
            throw new InvalidOperationException(
                "Auth:Authority is plain http, and sign-in fetches the issuer's keys over https only: give an https authority, or set " +
                "Auth:RequireHttpsMetadata=false (Auth__RequireHttpsMetadata=false) where the network to the issuer is trusted.");
        if (environment.IsDevelopment()) return;

        Require(config["Training:TraineeIdSecret"], "Training:TraineeIdSecret (Training__TraineeIdSecret)",
            "the key trainee ids are derived with; choose it once and never change it");
        if (authority is null)
            Require(config["Auth:SigningKey"], "Auth:Authority (Auth__Authority, an OpenID Connect issuer)",
                "or, without one, Auth:SigningKey (Auth__SigningKey) of 32 bytes or more that only this deployment knows");
    }

    static void Require(string? value, string setting, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidOperationException($"Set {setting}: {what}.");
        if (Published.Contains(value))
            throw new InvalidOperationException(
                $"Set {setting}: {what}. The value given is the development one the repository publishes, which anyone can read.");
    }
}
