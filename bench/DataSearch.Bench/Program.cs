using DataSearch.Bench;

return BenchRunner.Run(args);
