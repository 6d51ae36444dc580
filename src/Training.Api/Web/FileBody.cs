namespace Training.Web;

/// <summary>
/// Beside an endpoint that reads a file as its body (rather than a JSON request): the media types it takes, for the API
/// description. multipart/form-data means the file as the form's <c>file</c> field.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FileBodyAttribute(params string[] mediaTypes) : Attribute
{
    public const string Form = "multipart/form-data";
    public IReadOnlyList<string> MediaTypes { get; } = mediaTypes;
}
