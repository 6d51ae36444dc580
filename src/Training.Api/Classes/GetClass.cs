using Marten;
using Microsoft.AspNetCore.Http;
using Training.Web;
using Wolverine.Http;

namespace Training.Classes;

public static class GetClassEndpoint
{
    [WolverineGet("/api/classes/{id}")]
    public static async Task<IResult> Get(Guid id, IQuerySession session) =>
        await session.LoadAsync<TrainingClass>(id) is { } c
            ? Results.Ok(new
            {
                c.Id, c.InstitutionId, c.Programme, c.Track, c.Title, c.RegionCode, c.StartDate, c.EndDate,
                c.Capacity, c.Enrolled, c.Status, c.Version, c.Mode, c.Subsidized, c.CancelReason
            })
            : Problems.NotFound("id", $"no class {id}");

    [WolverineGet("/api/classes/{id}/enrollments")]
    public static async Task<IResult> Roster(Guid id, IQuerySession session) =>
        await session.LoadAsync<TrainingClass>(id) is { } c
            ? Results.Ok(c.Enrollments.Select(s => new
            {
                s.EnrollmentId, s.TraineeId, s.Name, s.IdNumberMasked, s.Status, s.Groups, s.EnrolledOn, s.Passed, s.CompletedOn
            }))
            : Problems.NotFound("id", $"no class {id}");
}
