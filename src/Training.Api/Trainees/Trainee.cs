using System.Collections.Immutable;
using System.Text;
using Training.Identity;
using Training.Web;

namespace Training.Trainees;

/// <summary>
/// The one place a full resident ID number and phone number are kept: the trainee's own stream.
/// Class streams and read models carry only the masked number.
/// </summary>
public sealed record PersonIdentified(Guid TraineeId, string IdNumber, string Name, string? Phone);

public sealed record PhoneRecorded(Guid TraineeId, string Phone);

public sealed record Disclosure(string ToSubject, string ToName, string ToRole, DateOnly On);

/// <summary>Built live from the stream, never stored as a document: the full number stays in the events.</summary>
public sealed record Trainee(Guid Id, string IdNumber, string Name, string? Phone, ImmutableList<Disclosure> Disclosures)
{
    public static Trainee Create(PersonIdentified e) => new(e.TraineeId, e.IdNumber, e.Name, e.Phone, []);
    public Trainee Apply(PhoneRecorded e) => this with { Phone = e.Phone };
    public Trainee Apply(PersonalDataDisclosed e) => this with { Disclosures = Disclosures.Add(new(e.ToSubject, e.ToName, e.ToRole, e.DisclosedOn)) };

    /// <summary>Real-name records: one ID number, one name. A different name is a typo or an impostor.</summary>
    public static Refusal? NameConflict(Trainee? known, string name) => known is not null && known.Name != name
        ? Refusal.Conflict("name", "this ID number is recorded under a different name (real-name records)")
        : null;

    /// <summary>What the trainee's own stream needs to learn, if anything, when the person turns up again.</summary>
    public static object? Identify(Trainee? known, Guid traineeId, string idNumber, string name, string? phone) => known switch
    {
        null => new PersonIdentified(traineeId, idNumber, name, phone),
        _ when phone is not null && phone != known.Phone => new PhoneRecorded(traineeId, phone),
        _ => null
    };
}

/// <summary>
/// The same ID number always gives the same trainee id, with no look-up table to race on. It is keyed
/// with a server secret so that the id reveals nothing about the number; the secret must never change
/// once trainees are recorded.
/// </summary>
public sealed class TraineeIdentity(string secret)
{
    readonly byte[] _secret = Encoding.UTF8.GetBytes(secret);

    public Guid IdFor(string normalizedIdNumber) => StableIds.Keyed(_secret, "trainee", normalizedIdNumber);
}
