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
/// The OpenAPI document at /openapi/v1.json. Endpoints say what they answer with [ProducesResponseType], [Tags] and
/// [EndpointSummary] beside their code (the reports do); for the endpoints written before that, which answer IResult
/// or anonymous objects, <see cref="Answers"/> says it here until they carry their own attributes.
/// </summary>
public static class ApiDescription
{
    // The shapes of answers written as anonymous objects, for the description only.
    public sealed record IdAnswer(Guid Id);
    public sealed record EnrollmentAnswer(Guid EnrollmentId, Guid TraineeId);
    public sealed record CertificateAnswer(string CertificateNo, Guid TraineeId);
    public sealed record HealthAnswer(string Status, string Database, Dictionary<string, long> Projections);
    public sealed record ClassAnswer(
        Guid Id, Guid InstitutionId, string Programme, string? Track, string Title, string RegionCode, DateOnly StartDate,
        DateOnly EndDate, int Capacity, int Enrolled, string Status, int Version, string Mode, bool Subsidized, string? CancelReason);
    public sealed record RosterAnswer(
        Guid EnrollmentId, Guid TraineeId, string Name, string IdNumberMasked, string Status, string[] Groups, DateOnly EnrolledOn,
        bool? Passed, DateOnly? CompletedOn);

    sealed record Answer(int Status, Type? Type = null);

    sealed record Described(string Tag, string Summary, params Answer[] Answers);

    static Answer Ok<T>() => new(200, typeof(T));
    static Answer Created<T>() => new(201, typeof(T));
    static readonly Answer NoContent = new(204), Invalid = new(400), Forbidden = new(403), NotFound = new(404), Conflict = new(409);

    /// <summary>Keyed by "METHOD route" as ASP.NET Core's API explorer writes them.</summary>
    static readonly Dictionary<string, Described> Answers = new()
    {
        ["GET health"] = new("Service", "Whether the service and its database are up (503 when the database is not)", Ok<HealthAnswer>(), new Answer(503)),
        ["GET api/programmes"] = new("Catalogue", "The programmes and their tracks", Ok<List<Programme>>()),
        ["POST api/institutions"] = new("Institutions", "Register an institution", Created<IdAnswer>(), Invalid, Forbidden, Conflict),
        ["GET api/institutions/{id}"] = new("Institutions", "An institution", Ok<Institution>(), Forbidden, NotFound),
        ["POST api/classes"] = new("Classes", "Register a class (开班)", Created<IdAnswer>(), Invalid, Forbidden, NotFound),
        ["GET api/classes/{id}"] = new("Classes", "A class", Ok<ClassAnswer>(), Forbidden, NotFound),
        ["GET api/classes/{id}/enrollments"] = new("Classes", "A class's roster, ID numbers masked", Ok<List<RosterAnswer>>(), Forbidden, NotFound),
        ["GET api/classes/{id}/history"] = new("Classes", "Who did what to a class, when", Ok<List<AuditTrail.Entry>>(), Forbidden, NotFound),
        ["POST api/classes/{id}/cancel"] = new("Classes", "Cancel a class", NoContent, Invalid, Forbidden, NotFound, Conflict),
        ["POST api/classes/{id}/enrollments"] = new("Enrollments", "Enroll a trainee by real name (实名制)", Created<EnrollmentAnswer>(), Invalid, Forbidden, NotFound, Conflict),
        ["POST api/classes/{id}/enrollments/{enrollmentId}/withdraw"] = new("Enrollments", "Withdraw an enrollment", NoContent, Invalid, Forbidden, NotFound, Conflict),
        ["POST api/classes/{id}/enrollments/{enrollmentId}/complete"] = new("Enrollments", "Record a completion (结业)", NoContent, Invalid, Forbidden, NotFound, Conflict),
        ["POST api/certificates"] = new("Certificates", "Record an awarded certificate", Created<CertificateAnswer>(), Invalid, Forbidden, Conflict),
        ["GET api/certificates/{certificateNo}"] = new("Certificates", "A certificate, ID number masked", Ok<Certificate>(), Forbidden, NotFound),
        ["GET api/certificates/{certificateNo}/history"] = new("Certificates", "Who awarded and revoked a certificate, when", Ok<List<AuditTrail.Entry>>(), Forbidden, NotFound),
        ["POST api/certificates/{certificateNo}/revoke"] = new("Certificates", "Revoke a certificate", NoContent, Invalid, Forbidden, NotFound, Conflict),
        ["GET api/trainees/{traineeId}"] = new("Trainees", "A person's enrollments and certificates, ID number masked", Ok<TraineeRecord>(), Forbidden, NotFound),
        ["GET api/trainees/{traineeId}/identity"] = new("Trainees", "A person's full ID number and phone (needs the pii scope; the disclosure is recorded)", Ok<TraineeIdentityView>(), Forbidden, NotFound),
    };

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

    static async Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        var key = $"{context.Description.HttpMethod} {context.Description.RelativePath}";
        if (Answers.TryGetValue(key, out var described))
        {
            operation.Summary = described.Summary;
            operation.Tags = new HashSet<OpenApiTagReference> { new(described.Tag, context.Document) };
            operation.Responses = new OpenApiResponses();
            foreach (var answer in described.Answers)
                operation.Responses[$"{answer.Status}"] = await Response(answer.Status, answer.Type, context, cancellation);
        }
        else if (operation.Summary == operation.OperationId) operation.Summary = null; // Wolverine's "GET_api_..." says nothing new

        if (operation.Tags?.FirstOrDefault()?.Name is { } tag && tag.StartsWith("Training.", StringComparison.Ordinal))
            operation.Tags = new HashSet<OpenApiTagReference> { new(tag.Split('.')[1], context.Document) };
        if (operation.Description == operation.OperationId) operation.Description = null;
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
            operation.Security = []; // open to anyone: no token

        foreach (var (_, response) in operation.Responses ?? [])
        {
            if (response.Content is null) continue;
            // An exported report is text or a workbook, not the JSON shape.
            if (response.Content.TryGetValue(Export.Csv, out var csv)) csv.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
            if (response.Content.TryGetValue(Export.Xlsx, out var xlsx)) xlsx.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
            foreach (var (mediaType, content) in response.Content.ToList())
                if (content.Schema is OpenApiSchemaReference { Reference.Id: nameof(IResult) }) response.Content.Remove(mediaType);
        }

        // Wolverine announces 200 for every IResult; an endpoint that answers 201 or 204 does not answer 200.
        if (operation.Responses is { } responses && responses.Keys.Any(k => k is "201" or "204")
                                                 && responses.TryGetValue("200", out var ok) && ok.Content is not { Count: > 0 })
            responses.Remove("200");

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
    }

    static async Task<IOpenApiResponse> Response(int status, Type? type, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        var response = new OpenApiResponse { Description = ReasonPhrases.GetReasonPhrase(status) };
        var (mediaType, shape) = status switch
        {
            >= 400 and < 500 => ("application/problem+json", status == 400 ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails)),
            _ => ("application/json", type)
        };
        if (shape is not null)
            response.Content = new Dictionary<string, OpenApiMediaType>
            {
                [mediaType] = new() { Schema = await context.GetOrCreateSchemaAsync(shape, null, cancellation) }
            };
        return response;
    }
}
