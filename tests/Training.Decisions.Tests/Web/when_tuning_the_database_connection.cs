using Npgsql;
using Training.Web;

namespace Training.Decisions.Tests.Web;

public class when_tuning_the_database_connection
{
    [Fact]
    public void pooled_sessions_keep_their_prepared_plans_by_default()
    {
        var tuned = new NpgsqlConnectionStringBuilder(Database.Tuned("Host=127.0.0.1;Database=training"));
        tuned.NoResetOnClose.Should().BeTrue();
        tuned.MaxAutoPrepare.Should().Be(64);
        tuned.AutoPrepareMinUsages.Should().Be(2);
        tuned.Host.Should().Be("127.0.0.1");
    }

    [Fact]
    public void a_setting_the_connection_string_gives_wins()
    {
        var tuned = new NpgsqlConnectionStringBuilder(Database.Tuned("Host=db;No Reset On Close=false;Max Auto Prepare=0"));
        tuned.NoResetOnClose.Should().BeFalse();
        tuned.MaxAutoPrepare.Should().Be(0);
    }
}
