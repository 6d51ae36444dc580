using Microsoft.AspNetCore.Authorization;
using Wolverine.Attributes;

namespace Training.Access;

/// <summary>On every endpoint that appends: the events record who, as part of which request (<see cref="AuditTrail.Before"/>).</summary>
public sealed class AuditedAttribute() : MiddlewareAttribute(typeof(AuditTrail));

/// <summary>On every endpoint whose route names a regionCode: only an admin, or a bureau over that region (<see cref="RegionOversightHandler"/>).</summary>
public sealed class RegionOversightAttribute() : AuthorizeAttribute(Authentication.RegionOversight);
