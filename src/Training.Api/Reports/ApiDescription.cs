using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Training.Access;
using Training.Catalogue;
using Training.Certificates;
using Training.Institutions;
using Training.Progress;
using Training.Trainees;

namespace Training.Reports;

/// <summary>
/// The OpenAPI document at /openapi/v1.json. Every endpoint says what it answers beside its code, with [EndpointSummary],
/// [ProducesResponseType] for its success and [Refuses] for each refusal; its area is its namespace unless [Tags] says otherwise.
/// </summary>
public static class ApiDescription
{
    // The shapes of answers written as anonymous objects, for the description only.
    public sealed record HealthAnswer(string Status, string Database, Dictionary<string, long> Projections);
    public sealed record ClassAnswer(
        Guid Id, Guid InstitutionId, string Programme, string? Track, string Title, string RegionCode, DateOnly StartDate,
        DateOnly EndDate, int Capacity, int Enrolled, string Status, int Version, string Mode, bool Subsidized, string? CancelReason);
    public sealed record RosterAnswer(
        Guid EnrollmentId, Guid TraineeId, string Name, string IdNumberMasked, string Status, string[] Groups, DateOnly EnrolledOn,
        bool? Passed, DateOnly? CompletedOn);

    static readonly string[] Areas =
        ["Catalogue", "Institutions", "Classes", "Enrollments", "Certificates", "Trainees", "Targets", "Progress", "Service"];

    public static void Configure(OpenApiOptions options)
    {
        // ops/bench's fixed answer is no part of the API (it answers 404 unless benchmarks are on).
        options.ShouldInclude = d => d.RelativePath?.StartsWith("bench/", StringComparison.Ordinal) != true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Training",
                Version = "v1",
                Description = "Vocational training records for Guangdong's three programmes (粤菜师傅, 南粤家政, 广东技工) and the HR bureaus' " +
                              "progress reports. JSON with camelCase names; dates are yyyy-MM-dd in China Standard Time. Refusals are " +
                              "application/problem+json naming the field. Every request but /health, /api/programmes and this description " +
                              "needs a bearer token."
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                Description = "A token of the service's issuer; in development `dotnet run --project src/Training.Api -- dev-token --role ROLE`."
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            // Endpoints answering IResult made the explorer describe IResult itself; nothing answers that shape.
            document.Components.Schemas?.Remove(nameof(IResult));
            // The operations' areas, in the order a reader meets them (Wolverine named them after the endpoint classes).
            var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags?.AsEnumerable() ?? [])
                .Select(t => t.Name).OfType<string>().ToHashSet();
            document.Tags = new HashSet<OpenApiTag>(Areas.Where(used.Contains).Concat(used.Except(Areas).Order())
                .Select(name => new OpenApiTag { Name = name }));
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(Describe);
    }

    static OpenApiResponse Problem(string description, OpenApiDocument document) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), document) }
        }
    };

    static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        if (operation.Summary == operation.OperationId) operation.Summary = null; // Wolverine's "GET_api_..." says nothing new

        if (operation.Tags?.FirstOrDefault()?.Name is { } tag && tag.StartsWith("Training.", StringComparison.Ordinal))
            operation.Tags = new HashSet<OpenApiTagReference> { new(tag.Split('.')[1], context.Document) };
        if (operation.Description == operation.OperationId) operation.Description = null;
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
            operation.Security = []; // open to anyone: no token

        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Web.FileBodyAttribute>().FirstOrDefault() is { } file)
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = file.MediaTypes.ToDictionary(m => m, m => new OpenApiMediaType
                {
                    Schema = m == Web.FileBodyAttribute.Form
                        ? new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = Binary() } }
                        : Binary()
                })
            };

        foreach (var (_, response) in operation.Responses ?? [])
        {
            if (response.Content is null) continue;
            // An exported report is text or a workbook, not the JSON shape.
            if (response.Content.TryGetValue(Export.Csv, out var csv)) csv.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
            if (response.Content.TryGetValue(Export.Xlsx, out var xlsx)) xlsx.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
            foreach (var (mediaType, content) in response.Content.ToList())
                if (content.Schema is OpenApiSchemaReference { Reference.Id: nameof(IResult) }) response.Content.Remove(mediaType);
        }

        // Wolverine announces answers of its own (404 on every IResult endpoint): an endpoint that declares its answers
        // beside it ([ProducesResponseType], [Refuses]) answers those only.
        var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<ProducesResponseTypeAttribute>()
            .Select(m => $"{m.StatusCode}").ToHashSet();
        if (declared.Count > 0 && operation.Responses is { } announced)
            foreach (var status in announced.Keys.Where(k => !declared.Contains(k)).ToList()) announced.Remove(status);

        // Wolverine announces 200 for every IResult; an endpoint that answers 201 or 204 does not answer 200.
        if (operation.Responses is { } responses && responses.Keys.Any(k => k is "201" or "204")
                                                 && responses.TryGetValue("200", out var ok) && ok.Content is not { Count: > 0 })
            responses.Remove("200");

        // Answers no endpoint declares because the pipeline gives them: no token (401), the database down (503),
        // a body that is not JSON (415) or over 1 MiB (413).
        var anonymous = context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();
        operation.Responses ??= [];
        if (!anonymous) operation.Responses["401"] = Problem("No valid bearer token", context.Document);
        if (!anonymous && context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
            operation.Responses["503"] = Problem("The database is unavailable or a report is not caught up: retry after Retry-After", context.Document);
        if (operation.RequestBody is not null)
        {
            operation.Responses["413"] = Problem("The body is over 1 MiB", context.Document);
            operation.Responses["415"] = Problem("The body is not application/json", context.Document);
        }

        // [Idempotent]: the header it takes, and the 422 for a key reused with another body.
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Training.Web.IdempotentAttribute>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Training.Web.Idempotency.Header, In = ParameterLocation.Header, Required = false,
                Description = "Retry safely: the same key and body answer the first answer again without appending; another body is 422",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 255, Pattern = "^[A-Za-z0-9._:~+/=-]{1,255}$" },
                Example = JsonValue.Create("0b6f5c1e-retry-1")
            });
            operation.Responses ??= [];
            operation.Responses["422"] = new OpenApiResponse
            {
                Description = "The Idempotency-Key was used before with another body",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), context.Document) }
                }
            };
        }

        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            switch (parameter.Name)
            {
                case "asOf":
                    parameter.Description = "Answer as the service knew it at the end of this day (China Standard Time): yyyy-MM-dd, not in the future";
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" };
                    break;
                case "format":
                    parameter.Description = "json (the default), csv (UTF-8 with a BOM) or xlsx; or send Accept: text/csv or the .xlsx media type";
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = Export.Formats.Select(f => (JsonNode)f).ToList() };
                    break;
                case "period":
                    parameter.Description = "One year (2026) or a span of at most ten years counted together (2021-2025)";
                    break;
                case "programme":
                    parameter.Description = "A programme code of the catalogue (yuecai, jiazheng, jigong), or all";
                    break;
                case "regionCode":
                    parameter.Description = "A GB/T 2260 region code: 440000 Guangdong, 441600 Heyuan, 441625 Dongyuan…";
                    break;
            }
        }
        return Task.CompletedTask;
    }

    static OpenApiSchema Binary() => new() { Type = JsonSchemaType.String, Format = "binary" };
}
