namespace DataSearch.Acquisition.Optimizers;

/// <summary>Trajectory builders shared by the optimizers: each makes a trajectory of one shape for a task.</summary>
public static class Plans
{
    /// <summary><c>retrieve(name, k)</c> for each name the analysis found.</summary>
    public static Trajectory RetrieveEach(OptimizerInput input, int k) =>
        new([.. input.Analysis.Entities.Select(e => Call("retrieve", ApiArgument.Of(e), ApiArgument.Of(k)))]);

    /// <summary><c>retrieve(instruction, k)</c>.</summary>
    public static Trajectory RetrieveInstruction(OptimizerInput input, int k) =>
        new([Call("retrieve", ApiArgument.Of(input.Instruction), ApiArgument.Of(k))]);

    /// <summary><c>demonstrate(category, n)</c>.</summary>
    public static Trajectory Demonstrate(OptimizerInput input, int n) =>
        new([Call("demonstrate", ApiArgument.Of(input.Category), ApiArgument.Of(n))]);

    /// <summary><c>answer(probe)</c> for each probe the policy failed.</summary>
    public static Trajectory AnswerFailedProbes(OptimizerInput input) =>
        new([.. input.Analysis.FailedProbes.Select(p => Call("answer", ApiArgument.Of(p)))]);

    /// <summary>Every API at its maximum: retrieval for the instruction, the most demonstrations, an answer per probe.</summary>
    public static Trajectory CallEverything(OptimizerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Concat(
            RetrieveInstruction(input, input.Limits.MaxK),
            Demonstrate(input, input.Limits.MaxN),
            new Trajectory([.. input.Probes.Select(p => Call("answer", ApiArgument.Of(p)))]));
    }

    /// <summary>The calls of all <paramref name="parts"/>, in order.</summary>
    public static Trajectory Concat(params Trajectory[] parts) => new([.. parts.SelectMany(p => p.Calls)]);

    private static ApiCall Call(string api, params ApiArgument[] arguments) => new(api, arguments);
}
