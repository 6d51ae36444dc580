using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Training.Dashboard;

/// <summary>
/// The bureau's dashboard at /dashboard and /dashboard/{regionCode}: a static page that reads the same API a program
/// does, with the caller's bearer token. Everything it loads comes from here (government networks are often closed),
/// compressed once and kept in memory, so the first load stays far under 1 MB (see the README, "Dashboard").
/// </summary>
public static class DashboardPage
{
    public const string ClientIdSetting = "Dashboard:ClientId", ScopeSetting = "Dashboard:Scope";

    /// <summary>What the page needs to sign in: the issuer and public client for the code flow, or development tokens.</summary>
    public sealed record SignInOptions(string? Authority, string? ClientId, string Scope, bool DevelopmentTokens);

    public static WebApplication MapDashboard(this WebApplication app)
    {
        var assets = new Assets(typeof(DashboardPage).Assembly);
        // Compress everything once the service is up, so that the first visitor does not wait for it.
        app.Lifetime.ApplicationStarted.Register(() => Task.Run(assets.Warm));
        var signIn = new SignInOptions(app.Configuration["Auth:Authority"]?.TrimEnd('/'), app.Configuration[ClientIdSetting],
            app.Configuration[ScopeSetting] ?? "openid profile",
            // A development token is signed with Auth:SigningKey, which the service checks only when no authority is set.
            app.Environment.IsDevelopment() && app.Configuration["Auth:Authority"] is null);

        IResult Page(HttpContext http) => assets.Serve(http, "index.html", signIn.Authority);
        app.MapGet("/dashboard", Page).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/dashboard/{regionCode:regex(^\\d{{6}}$)}", Page).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/dashboard/assets/{**file}", (HttpContext http, string file) => assets.Serve(http, file, signIn.Authority))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/dashboard/sign-in.json", () => Results.Ok(signIn)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The files under Dashboard/assets, embedded in the assembly; each compressed (Brotli, gzip) once, in the background at start.</summary>
    sealed class Assets(System.Reflection.Assembly assembly)
    {
        // The csproj names each resource dashboard/PATH (with the build machine's separator) under Dashboard/assets.
        readonly Dictionary<string, string> _names = assembly.GetManifestResourceNames().Where(n => n.StartsWith("dashboard"))
            .ToDictionary(n => n["dashboard/".Length..].Replace('\\', '/'));
        readonly ConcurrentDictionary<string, Lazy<Asset?>> _cache = new();

        static readonly Dictionary<string, string> Types = new()
        {
            [".html"] = "text/html; charset=utf-8", [".js"] = "text/javascript; charset=utf-8",
            [".css"] = "text/css; charset=utf-8", [".svg"] = "image/svg+xml", [".md"] = "text/plain; charset=utf-8",
            [""] = "text/plain; charset=utf-8" // LICENSE, NOTICE
        };

        public IResult Serve(HttpContext http, string file, string? authority)
        {
            if (Load(file) is not { } asset) return Results.NotFound(); // only the embedded files, by their exact path
            var response = http.Response;
            response.Headers.ETag = asset.ETag;
            // A versioned library never changes under its name; the page's own files are checked on each load.
            response.Headers.CacheControl = file.StartsWith("echarts/echarts-") ? "public, max-age=31536000, immutable" : "no-cache";
            response.Headers.Vary = HeaderNames.AcceptEncoding;
            response.Headers.XContentTypeOptions = "nosniff";
            if (file.EndsWith(".html"))
            {
                // Scripts and styles from here only; the sign-in talks to the issuer, nothing else.
                response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
                    $"img-src 'self' data: blob:; connect-src 'self'{(authority is null ? "" : " " + Origin(authority))}; frame-ancestors 'none'; base-uri 'none'";
                response.Headers["Referrer-Policy"] = "no-referrer";
            }
            if (http.Request.Headers.IfNoneMatch == asset.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);

            var accepts = http.Request.Headers.AcceptEncoding.ToString();
            var (body, encoding) = accepts.Contains("br") ? (asset.Brotli.Value, "br")
                : accepts.Contains("gzip") ? (asset.Gzip.Value, "gzip") : (asset.Plain, null);
            if (encoding is not null) response.Headers.ContentEncoding = encoding;
            return Results.Bytes(body, asset.ContentType);
        }

        public void Warm()
        {
            foreach (var name in _names.Keys)
                if (Load(name) is { } asset) _ = (asset.Brotli.Value, asset.Gzip.Value);
        }

        static string Origin(string authority) => new Uri(authority).GetLeftPart(UriPartial.Authority);

        // Only known names reach the cache: a stranger's made-up paths must not grow it.
        Asset? Load(string file) => !_names.ContainsKey(file) ? null : _cache.GetOrAdd(file, name => new Lazy<Asset?>(() =>
        {
            if (!_names.TryGetValue(name, out var resource) || !Types.TryGetValue(Path.GetExtension(name), out var type)) return null;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return new Asset(copy.ToArray(), type);
        })).Value;
    }

    sealed class Asset(byte[] plain, string contentType)
    {
        public byte[] Plain { get; } = plain;
        public string ContentType { get; } = contentType;
        public string ETag { get; } = $"\"{Convert.ToHexString(SHA256.HashData(plain))[..16]}\"";
        public Lazy<byte[]> Brotli { get; } = new(() => Brotli9(plain));
        public Lazy<byte[]> Gzip { get; } = new(() => Compress(plain, s => new GZipStream(s, CompressionLevel.SmallestSize)));

        /// <summary>Quality 9: ECharts in 218 KB in tens of milliseconds, where 11 makes 200 KB in seconds of a core.</summary>
        static byte[] Brotli9(byte[] data)
        {
            var output = new byte[BrotliEncoder.GetMaxCompressedLength(data.Length)];
            if (!BrotliEncoder.TryCompress(data, output, out var written, quality: 9, window: 22))
                throw new InvalidOperationException("Brotli could not compress an asset");
            return output[..written];
        }

        static byte[] Compress(byte[] data, Func<Stream, Stream> compressor)
        {
            using var output = new MemoryStream();
            using (var compressing = compressor(output)) compressing.Write(data);
            return output.ToArray();
        }
    }
}
