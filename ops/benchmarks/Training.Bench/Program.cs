using Training.Bench;

// One verb per step of ops/bench; every verb writes its figures as JSON for `report`.
var (verb, options) = Options.Parse(args);
return verb switch
{
    "setup" => await Setup.Run(options),
    "rate" => await RateLoad.Run(options),
    "race" => await Race.Run(options),
    "waits" => await WaitSampler.Run(options),
    "pglog" => PgbenchLog.Run(options),
    "rebuild" => await Rebuild.Run(options),
    "roster" => await Roster.Run(options),
    "report" => Report.Run(options),
    _ => Options.Usage()
};
