using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using System.ComponentModel.DataAnnotations;
using Training.Access;
using Training.Catalogue;
using Training.Certificates;
using Training.Institutions;
using Training.Progress;
using Training.Trainees;

namespace Training.Web;

/// <summary>
/// The OpenAPI document at /openapi/v1.json. Every endpoint says what it answers beside its code, with [EndpointSummary],
/// [ProducesResponseType] for its success and [Refuses] for each refusal; its area is its namespace unless [Tags] says otherwise.
/// </summary>
public static class ApiDescription
{
    // The shapes of answers written as anonymous objects, for the description only.
    public sealed record HealthAnswer(string Status, string Database, Dictionary<string, long> Projections);
    public sealed record ClassAnswer(
        Guid Id, Guid InstitutionId, [property: InCatalogue(Catalogued.Programme)] string Programme,
        [property: InCatalogue(Catalogued.Track)] string? Track, string Title, [property: InCatalogue(Catalogued.Region)] string RegionCode,
        DateOnly StartDate, DateOnly EndDate, int Capacity, int Enrolled, [property: OneOf(typeof(Classes.ClassStatus))] string Status, int Version,
        [property: OneOf(typeof(Classes.RegisterClassEndpoint), nameof(Classes.RegisterClassEndpoint.Modes))] string Mode, bool Subsidized,
        string? CancelReason);
    public sealed record RosterAnswer(
        Guid EnrollmentId, Guid TraineeId, string Name, string IdNumberMasked, [property: OneOf(typeof(Classes.EnrollmentStatus))] string Status,
        [property: OneOf(typeof(Enrollments.EnrollTraineeEndpoint), nameof(Enrollments.EnrollTraineeEndpoint.Groups))] string[] Groups,
        DateOnly EnrolledOn, bool? Passed, DateOnly? CompletedOn);

    static readonly string[] Areas =
        ["Catalogue", "Institutions", "Classes", "Enrollments", "Certificates", "Trainees", "Employment", "Targets", "Progress", "Dashboard", "Service"];

    static readonly Dictionary<string, string> AreaDescriptions = new()
    {
        ["Catalogue"] = "The programmes (粤菜师傅 yuecai, 南粤家政 jiazheng, 广东技工 jigong) and their tracks",
        ["Institutions"] = "Training institutions, registered by their unified social credit code",
        ["Classes"] = "Classes (开班): registered, read, cancelled, with their history",
        ["Enrollments"] = "Trainees enrolled by real name (实名制), one by one or as a roster file; withdrawals and completions (结业)",
        ["Certificates"] = "Certificates awarded and revoked",
        ["Trainees"] = "A person's record, and their full ID number for the pii scope",
        ["Employment"] = "Where trained people came into work (带动就业创业)",
        ["Targets"] = "The yearly or multi-year targets a bureau sets for its region",
        ["Progress"] = "Progress against the targets, for a region and every region below it",
        ["Dashboard"] = "Who is signed in, and the regions whose progress they may read",
        ["Service"] = "Health"
    };

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
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[nameof(ProblemDetails)] = ProblemSchema(validation: false);
            document.Components.Schemas[nameof(HttpValidationProblemDetails)] = ProblemSchema(validation: true);
            document.Components.Schemas[Unavailable] = UnavailableSchema();
            // The operations' areas, in the order a reader meets them (Wolverine named them after the endpoint classes).
            var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags?.AsEnumerable() ?? [])
                .Select(t => t.Name).OfType<string>().ToHashSet();
            document.Tags = new HashSet<OpenApiTag>(Areas.Where(used.Contains).Concat(used.Except(Areas).Order())
                .Select(name => new OpenApiTag { Name = name, Description = AreaDescriptions.GetValueOrDefault(name) }));
            // The explorer writes the request's base address with a trailing slash, which joins to every path as "//".
            foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer(Constrain);
        options.AddOperationTransformer(Describe);
    }

    /// <summary>
    /// A request's fields as its check enforces them (the attributes beside each field, Web/Described.cs): required or optional
    /// (an optional field may be left out or null), the codes, lengths, ranges and patterns; an answer's codes (a class's
    /// status) from the same attributes. And text is text: the converter
    /// that refuses NUL characters (MalformedJson) made the schema generator describe every string as anything at all.
    /// </summary>
    static Task Constrain(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellation)
    {
        var type = context.JsonTypeInfo.Type;
        if (context.JsonPropertyInfo is null && type == typeof(string) && schema.Type is null) schema.Type = JsonSchemaType.String;
        if (context.JsonPropertyInfo is not null || schema.Properties is not { Count: > 0 } properties) return Task.CompletedTask;

        var isRequest = type.Name.EndsWith("Request", StringComparison.Ordinal);
        var catalogue = context.ApplicationServices.GetRequiredService<ProgrammeCatalogue>();
        if (isRequest) schema.Required = new HashSet<string>();
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (!properties.TryGetValue(property.Name, out var found) || found is not OpenApiSchema field) continue;
            var clr = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (clr == typeof(string) && field.Type is null)
                field.Type = JsonSchemaType.String | (property.IsGetNullable ? JsonSchemaType.Null : 0);
            if (clr == typeof(string[]) && field.Items is null or OpenApiSchema { Type: null }) field.Items = new OpenApiSchema { Type = JsonSchemaType.String };
            if (property.AttributeProvider is not { } member) continue;

            // A request's fields are required only as its check requires them (an answer's are all there, null or not).
            if (isRequest && member.IsDefined(typeof(RequiredAttribute), false))
            {
                schema.Required!.Add(property.Name);
                field.Type &= ~JsonSchemaType.Null;
            }
            // Codes go on the items of a list; an optional field may also be null.
            var target = field.Items as OpenApiSchema ?? field;
            IEnumerable<string>? codes = null;
            foreach (var attribute in member.GetCustomAttributes(false))
                switch (attribute)
                {
                    case TextAttribute text:
                        field.MinLength = 1;
                        field.MaxLength = text.Max;
                        field.Pattern = @"\S"; // not blank: the check trims
                        break;
                    case MatchesAttribute matches:
                        field.Pattern = matches.Pattern;
                        break;
                    case RangeAttribute range:
                        field.Minimum = Convert.ToString(range.Minimum, System.Globalization.CultureInfo.InvariantCulture);
                        field.Maximum = Convert.ToString(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case OneOfAttribute oneOf:
                        codes = oneOf.Values;
                        break;
                    case InCatalogueAttribute { List: var list }:
                        codes = Codes(catalogue, list);
                        break;
                }
            if (codes is not null)
            {
                target.Enum = codes.Select(c => (JsonNode)JsonValue.Create(c)!).ToList();
                if (target == field && field.Type?.HasFlag(JsonSchemaType.Null) == true) target.Enum.Add(null!);
            }
        }
        if (isRequest && type.GetCustomAttributes(typeof(RequiresAnyAttribute), false).FirstOrDefault() is RequiresAnyAttribute any)
            schema.AnyOf = any.Fields.Select(f => (IOpenApiSchema)new OpenApiSchema { Required = new HashSet<string> { f } }).ToList();
        if (isRequest && ApiExamples.Body(type) is { } example) schema.Example = example;
        return Task.CompletedTask;
    }

    static IEnumerable<string> Codes(ProgrammeCatalogue catalogue, Catalogued list) => list switch
    {
        Catalogued.Programme => catalogue.Programmes.Select(p => p.Code),
        Catalogued.Track => catalogue.Programmes.SelectMany(p => p.Tracks).Select(t => t.Code).Distinct(),
        _ => catalogue.Regions.Select(r => r.Code).Order()
    };

    /// <summary>
    /// Every refusal's body (Web/Problems.cs): a detail and the field it concerns, or for a 400 the broken rules by field;
    /// <c>id</c> names what already exists (a 409), <c>outcome</c> says a 503's command may have landed ("unknown").
    /// </summary>
    const string Unavailable = "ServiceUnavailable";

    /// <summary>A 503 concerns the service, not a field: the database is down, a report is catching up, or a commit's outcome is unknown.</summary>
    static OpenApiSchema UnavailableSchema()
    {
        var schema = ProblemSchema(validation: false);
        schema.Description = "The request was not carried out (or, with outcome unknown, may have been): retry after Retry-After";
        schema.Required!.Remove("field");
        schema.Properties!.Remove("errors");
        schema.Properties["behind"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer, Minimum = "0", Description = "How many events the progress report still has to take in"
        };
        return schema;
    }

    static OpenApiSchema ProblemSchema(bool validation)
    {
        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = validation
                ? "A 400: every broken rule, under the field it concerns"
                : "A refusal or failure: what happened (detail) and the field, header or part of the request it concerns",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Text("A URI naming the kind of problem"),
                ["title"] = Text("A short summary of the kind of problem"),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599" },
                ["detail"] = Text("What happened, in words a person can act on"),
                ["instance"] = Text("The request's path"),
                ["field"] = Text("The field (in the body, path or query), header or part of the request the problem concerns"),
                ["id"] = new OpenApiSchema { Description = "What already exists (a 409 for a credit code or certificate already recorded)" },
                ["outcome"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String, Enum = [JsonValue.Create("unknown")],
                    Description = "unknown: the connection was lost while committing; the command may have landed, and retrying is safe"
                },
                ["traceId"] = Text("The request's trace, for the logs"),
                ["errors"] = new OpenApiSchema
                {
                    Description = "Each field's broken rules; for a roster file, each refused row",
                    AnyOf =
                    [
                        new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } }
                        },
                        new OpenApiSchema
                        {
                            Type = JsonSchemaType.Array,
                            Items = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object, Required = new HashSet<string> { "row", "column", "message" },
                                Properties = new Dictionary<string, IOpenApiSchema>
                                {
                                    ["row"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "As the spreadsheet numbers it (the header is row 1)" },
                                    ["column"] = Text("As the file heads it"),
                                    ["message"] = Text("The rule the row broke"),
                                    ["idNumberMasked"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null }
                                }
                            }
                        }
                    ]
                }
            },
            Required = new HashSet<string> { "title", "status", "detail" }
        };
        // A 400 names its fields in errors (a roster file's, in field too); every other problem names its field.
        if (validation) schema.AnyOf = [new OpenApiSchema { Required = new HashSet<string> { "errors" } }, new OpenApiSchema { Required = new HashSet<string> { "field" } }];
        else schema.Required.Add("field");
        return schema;
    }

    static OpenApiResponse Problem(string description, OpenApiDocument? document, string schema = nameof(ProblemDetails)) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, document) }
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
            operation.Responses["503"] = Problem("The database is unavailable or a report is not caught up: retry after Retry-After", context.Document, Unavailable);
        // A path value may hold a NUL character (400) or not read as its type, an id that is not a GUID (404).
        if (operation.Parameters?.Any(p => p.In == ParameterLocation.Path) == true)
        {
            if (!operation.Responses.ContainsKey("400"))
                operation.Responses["400"] = Problem("A path value holds a NUL character (%00)", context.Document, nameof(HttpValidationProblemDetails));
            if (!operation.Responses.ContainsKey("404"))
                operation.Responses["404"] = Problem("A path value does not read as its type (an id that is not a GUID)", context.Document);
        }
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

        foreach (var (status, response) in operation.Responses)
            if (status == "503" && response is OpenApiResponse unavailable)
            {
                unavailable.Content = Problem("", context.Document, Unavailable).Content;
                unavailable.Headers ??= new Dictionary<string, IOpenApiHeader>();
                unavailable.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying", Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" }
                };
            }

        if (operation.RequestBody?.Content?.TryGetValue("application/json", out var json) == true && context.Description.ParameterDescriptions
                .FirstOrDefault(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body)?.Type is { } body)
            json.Example = ApiExamples.Body(body);

        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.In == ParameterLocation.Path && ApiExamples.PathValues.TryGetValue(parameter.Name!, out var value))
                parameter.Example = parameter.Schema?.Type?.HasFlag(JsonSchemaType.Integer) == true ? JsonValue.Create(int.Parse(value)) : JsonValue.Create(value);
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
