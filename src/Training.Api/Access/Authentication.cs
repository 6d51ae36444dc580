using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;
using Training.Catalogue;

namespace Training.Access;

/// <summary>
/// Bearer tokens from an OpenID Connect authority (Auth:Authority, e.g. a Keycloak realm) or, for development
/// and tests, signed with a symmetric key from configuration (Auth:SigningKey). Every endpoint needs a valid token
/// unless it says [AllowAnonymous].
/// </summary>
public static class Authentication
{
    public const string DevIssuer = "training-dev";
    public const string DefaultAudience = "training-api";
    public const string RegionOversight = "region-oversight";

    public static IServiceCollection AddTrainingAuthentication(this IServiceCollection services, IConfiguration config)
    {
        var auth = config.GetSection("Auth");
        var authority = auth["Authority"];
        var audience = auth["Audience"] ?? DefaultAudience;
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false; // keep "role", "sub" as issued
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = audience,
                NameClaimType = ClaimNames.Name,
                RoleClaimType = ClaimNames.Role,
                RequireExpirationTime = true,
                RequireSignedTokens = true, // an "alg: none" token is refused
                ClockSkew = TimeSpan.FromSeconds(30)
            };
            if (authority is not null)
            {
                options.Authority = authority;
                options.RequireHttpsMetadata = auth.GetValue("RequireHttpsMetadata", true);
            }
            else
            {
                options.TokenValidationParameters.ValidIssuer = DevIssuer;
                options.TokenValidationParameters.IssuerSigningKey = DevSigningKey(config);
                options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            }
        });
        services.AddSingleton<IAuthorizationHandler, RegionOversightHandler>();
        services.AddAuthorization(options =>
        {
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            options.AddPolicy(RegionOversight, policy => policy.RequireAuthenticatedUser().AddRequirements(new RegionOversightRequirement()));
        });
        return services;
    }

    public static SymmetricSecurityKey DevSigningKey(IConfiguration config)
    {
        var key = config["Auth:SigningKey"];
        if (key is null || Encoding.UTF8.GetByteCount(key) < 32)
            throw new InvalidOperationException("Set Auth:Authority (an OpenID Connect issuer) or, for development, Auth:SigningKey (32 bytes or more).");
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>A development token: `dotnet run --project src/Training.Api -- dev-token --role ROLE [...]`.</summary>
    public static string DevToken(IConfiguration config, TimeProvider clock, string role, string subject, string name,
        Guid? institutionId = null, string? regionCode = null, string? scope = null, TimeSpan? lifetime = null)
    {
        var claims = new List<Claim> { new(ClaimNames.Subject, subject), new(ClaimNames.Name, name), new(ClaimNames.Role, role) };
        if (institutionId is not null) claims.Add(new(ClaimNames.Institution, institutionId.Value.ToString()));
        if (regionCode is not null) claims.Add(new(ClaimNames.Region, regionCode));
        if (scope is not null) claims.Add(new(ClaimNames.Scope, scope));
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new JwtSecurityToken(DevIssuer, config["Auth:Audience"] ?? DefaultAudience, claims, now, now + (lifetime ?? TimeSpan.FromHours(8)),
            new SigningCredentials(DevSigningKey(config), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>Reads `dev-token --role R [--institution ID] [--region CODE] [--name N] [--scope pii] [--subject S] [--hours H]`.</summary>
    public static int DevTokenCommand(string[] args, IConfiguration config)
    {
        string? Option(string name) => args.SkipWhile(a => a != $"--{name}").Skip(1).FirstOrDefault();
        var role = Option("role");
        if (role is null || !Roles.All.Contains(role))
        {
            Console.Error.WriteLine($"usage: dev-token --role {string.Join('|', Roles.All)} [--institution ID] [--region CODE] [--name NAME] [--scope pii] [--hours H]");
            return 2;
        }
        Guid? institution = Guid.TryParse(Option("institution"), out var id) ? id : null;
        if (role == Roles.Institution && institution is null) { Console.Error.WriteLine("an institution token needs --institution ID"); return 2; }
        if (role == Roles.Bureau && Option("region") is null) { Console.Error.WriteLine("a bureau token needs --region CODE"); return 2; }
        var name = Option("name") ?? $"dev {role}";
        Console.WriteLine(DevToken(config, TimeProvider.System, role, Option("subject") ?? $"dev-{role}", name, institution, Option("region"),
            Option("scope"), TimeSpan.FromHours(double.TryParse(Option("hours"), out var hours) ? hours : 8)));
        return 0;
    }
}

public sealed class RegionOversightRequirement : IAuthorizationRequirement;

/// <summary>
/// Endpoints whose path (or query) names a regionCode answer only to an admin or to a bureau over that region.
/// An unknown region passes through, so that the endpoint can say it is unknown.
/// </summary>
public sealed class RegionOversightHandler(ProgrammeCatalogue catalogue) : AuthorizationHandler<RegionOversightRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RegionOversightRequirement requirement)
    {
        var caller = Caller.From(context.User);
        var http = context.Resource as HttpContext;
        var code = http?.GetRouteValue("regionCode") as string ?? http?.Request.Query["regionCode"].FirstOrDefault();
        var allowed = caller.IsAdmin || caller.Role == Roles.Bureau && (code is null
            ? caller.RegionCode is not null
            : catalogue.Region(code) is not { } region || caller.Oversees(region));
        if (allowed) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
