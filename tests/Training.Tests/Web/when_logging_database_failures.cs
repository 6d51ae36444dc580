using Microsoft.Extensions.Logging;
using Npgsql;
using Training.Tests.Support;
using Training.Web;

namespace Training.Tests.Web;

/// <summary>What Marten reports of a failed command reaches the logs without its values or event data.</summary>
public class when_logging_database_failures
{
    const string Person = "441625199001010011";

    static (DatabaseLog, LogSink) Log()
    {
        var sink = new LogSink();
        var factory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        return (new DatabaseLog(factory.CreateLogger<DatabaseLog>()), sink);
    }

    static NpgsqlCommand Append() => new("select training.mt_quick_append_events($1, $2)\nfrom somewhere")
    {
        Parameters = { new NpgsqlParameter { Value = $$"""{"name":"张三","idNumber":"{{Person}}"}""" } }
    };

    [Fact]
    public void a_conflict_the_service_answers_with_409_is_a_debug_line_without_values()
    {
        var (log, sink) = Log();
        log.LogFailure(Append(), new PostgresException("duplicate key value violates unique constraint \"pkey_mt_streams_id\"", "ERROR", "ERROR", "23505"));
        sink.Lines.Should().ContainSingle().Which.Should().StartWith("Debug").And.NotContain(Person).And.NotContain("张三");
    }

    [Fact]
    public void a_lost_connection_is_a_warning_without_values()
    {
        var (log, sink) = Log();
        log.LogFailure(Append(), new NpgsqlException("Exception while reading from stream", new IOException("reset")));
        sink.Lines.Should().ContainSingle().Which.Should().StartWith("Warning").And.NotContain(Person).And.NotContain("张三");
    }

    [Fact]
    public void any_other_failure_is_an_error_naming_the_statement_but_no_value_the_server_quotes()
    {
        var (log, sink) = Log();
        log.LogFailure(Append(), new PostgresException($"invalid input syntax for type uuid: \"{Person}\"", "ERROR", "ERROR", "22P02"));
        sink.Lines.Should().ContainSingle().Which.Should().StartWith("Error")
            .And.Contain("mt_quick_append_events").And.Contain("22P02").And.NotContain(Person).And.NotContain("张三");
    }
}
