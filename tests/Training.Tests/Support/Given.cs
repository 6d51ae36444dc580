using Training.Catalogue;
using Training.Classes;
using Training.Enrollments;
using Training.Identity;

namespace Training.Tests.Support;

/// <summary>Starting states for the pure decision tests, built by applying events as Marten would.</summary>
public static class Given
{
    public static readonly DateOnly Today = new(2026, 6, 15);
    public static readonly ProgrammeCatalogue Catalogue = ProgrammeCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Catalogue"));

    /// <summary>A class's decision state: the class, and every seat in it (a command reads only the seats it names).</summary>
    public static ClassSeats AClass(int capacity = 30, string programme = "yuecai") => ClassSeats.Of(TrainingClass.Create(new ClassRegistered(
        Guid.NewGuid(), Guid.NewGuid(), programme, null, "客家菜烹饪培训班", "441625", new DateOnly(2026, 3, 1),
        new DateOnly(2026, 3, 21), capacity, "offline", false, new DateOnly(2026, 2, 1))));

    public static ClassSeats WithEnrolled(this ClassSeats state, Guid traineeId, out Guid enrollmentId, int sequence = 1)
    {
        enrollmentId = Guid.NewGuid();
        var cls = state.Class;
        return state.After(new TraineeEnrolled(cls.Id, enrollmentId, traineeId, "张三", ResidentId.Mask(People.IdNumber(sequence)), [],
            Today, cls.InstitutionId, cls.Programme, cls.Track, cls.RegionCode, cls.StartDate));
    }

    public static ClassSeats WithEnrolled(this ClassSeats cls, int count)
    {
        for (var i = 0; i < count; i++) cls = cls.WithEnrolled(Guid.NewGuid(), out _, i);
        return cls;
    }
}
