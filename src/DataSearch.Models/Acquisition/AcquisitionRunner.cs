using DataSearch.Acquisition;
using DataSearch.Acquisition.Optimizers;
using DataSearch.Acquisition.Policies;
using DataSearch.Agents;
using DataSearch.Environments;
using DataSearch.Progress;

namespace DataSearch.Models.Acquisition;

/// <summary>
/// One acquisition run in a folder, from training (or its last checkpoint) to the results files: the
/// session, the optimizer, training, the evaluation, the acquired pool, in-context use and the baselines.
/// The caller (the CLI, a test, a script) checks the folder's fingerprint, writes its config, opens its
/// log and chooses how progress looks; everything else happens here.
/// </summary>
public static class AcquisitionRunner
{
    /// <summary>
    /// Trains (resuming after the last completed iteration) unless <paramref name="evaluateOnly"/>,
    /// evaluates the optimizer and the <paramref name="baselines"/>, writes <c>results/</c> and
    /// <c>acquired/</c>, and returns every method's results, the trained optimizer first.
    /// </summary>
    public static IReadOnlyList<AcquisitionEvaluation> Execute(
        AcquisitionConfig settings,
        IDataEnvironment data,
        AcquisitionRunFolder folder,
        Action<string> log,
        ChatClient? chat,
        bool evaluateOnly,
        IReadOnlyList<string> baselines,
        IStageRunner stages,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(baselines);
        ArgumentNullException.ThrowIfNull(stages);
        log($"environment: {data.Description}");
        using var session = stages.Run("prepare", progress => AcquisitionSession.Open(settings, data, folder.Root, log, progress, cancellation, chat: chat));
        log($"{session.Tasks.Count} tasks ({session.Tasks.Count(t => t.Kind == TaskKind.Skill)} skill, {session.Tasks.Count(t => t.Kind == TaskKind.Knowledge)} knowledge); {session.Split.Describe()}");
        var optimizer = AcquisitionSession.Optimizer(settings.Optimizer, chat, log, settings.Seed);
        using var disposeOptimizer = optimizer as IDisposable;
        var loop = session.Loop;
        using var policy = evaluateOnly ? LastCheckpoint(session, optimizer, log) : stages.Run("train", progress => loop.Train(optimizer, progress, cancellation)).Policy;
        var acquired = new List<AcquiredSample>();
        var evaluation = stages.Run("evaluate", progress => loop.Evaluate(settings.Optimizer, optimizer, policy, progress, cancellation, acquired));
        AcquisitionLoop.WriteJson(folder.EvaluationResults, evaluation);
        AcquisitionLoop.WriteAcquiredPool(acquired, folder.Acquired);
        log($"acquired data: {folder.Acquired} ({acquired.Count:N0} samples)");
        if (settings.InContext.Enabled)
        {
            stages.Run("in-context", progress => session.InContext(evaluation, acquired, log, progress, cancellation));
        }

        var methods = new List<AcquisitionEvaluation> { evaluation };
        foreach (var kind in baselines)
        {
            var baseline = kind == FixedPlanOptimizer.Kind
                ? stages.Run("choose fixed plans on dev", progress => loop.ChooseFixedPlans(progress, cancellation))
                : AcquisitionSession.Optimizer(kind);
            methods.Add(stages.Run($"baseline {kind}", progress => loop.Evaluate(kind, baseline, null, progress, cancellation)));
        }

        if (baselines.Count > 0)
        {
            AcquisitionLoop.WriteJson(folder.Baselines, methods);
            var paired = methods.Skip(1).Select(b => PairedDifference.Of(evaluation, b)).ToList();
            AcquisitionLoop.WriteJson(folder.PairedDifferences, paired);
            foreach (var p in paired)
            {
                log($"{p.Method} − {p.Baseline}, reward per task over {p.Tasks} tasks: {p.MeanDifference:+0.00;-0.00;0.00}{(p.Lower is { } lo ? $" (95 % CI {lo:+0.00;-0.00;0.00} to {p.Upper:+0.00;-0.00;0.00})" : string.Empty)}, higher on {p.Wins}, lower on {p.Losses}");
            }
        }

        return methods;
    }

    private static IPolicy LastCheckpoint(AcquisitionSession session, ITrajectoryOptimizer optimizer, Action<string> log)
    {
        var done = session.Loop.CompletedIterations();
        if (done.Count == 0)
        {
            log("no completed iteration: evaluating the untrained optimizer and the base policy");
            return session.BasePolicy.Clone();
        }

        var last = session.Loop.IterationFolder(done.Count);
        optimizer.LoadState(File.ReadAllText(AcquisitionRunFolder.OptimizerState(last)));
        log($"evaluating the checkpoint of iteration {done.Count}");
        return session.Loop.LoadPolicy(AcquisitionRunFolder.Policy(last));
    }
}
