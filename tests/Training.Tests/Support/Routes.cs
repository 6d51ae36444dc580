using Alba;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Training.Tests.Support;

/// <summary>The running application's endpoints, so that a list in a test fails when a new endpoint is missing from it.</summary>
public static class Routes
{
    public sealed record Route(string Method, string Path, EndpointMetadataCollection Metadata)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    public static IReadOnlyList<Route> Of(IAlbaHost host) =>
        host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(method =>
                new Route(method, "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata)))
            .ToList();

    /// <summary>Under /api: the service's own API, not its health, description or benchmark hooks.</summary>
    public static IReadOnlyList<Route> Api(IAlbaHost host) => Of(host).Where(r => r.Path.StartsWith("/api/", StringComparison.Ordinal)).ToList();
}
