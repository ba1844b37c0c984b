using DataSearch.Randomness;

namespace DataSearch.Acquisition.Optimizers;

/// <summary>
/// The random baseline: one to three calls, each a random API with random arguments drawn from what the
/// task shows (a word or name of the instruction, the instruction itself, the category, a probe), within
/// the same limits as every other optimizer.
/// </summary>
public sealed class RandomOptimizer : RandomBaseline
{
    public override string Name => "random";

    protected override ProposedTrajectory Draw(OptimizerInput input, DeterministicRandom random)
    {
        var words = input.Instruction.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('.', ',', '"', '\'')).Where(w => w.Length > 0).ToList();
        string[] subjects = [.. words, input.Instruction, input.Category, .. input.Probes];
        var calls = new List<ApiCall>();
        var count = random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            var subject = random.Pick(subjects);
            calls.Add(random.Next(3) switch
            {
                0 => new ApiCall("retrieve", [ApiArgument.Of(subject), ApiArgument.Of(random.Next(1, input.Limits.MaxK + 1))]),
                1 => new ApiCall("demonstrate", [ApiArgument.Of(subject), ApiArgument.Of(random.Next(1, input.Limits.MaxN + 1))]),
                _ => new ApiCall("answer", [ApiArgument.Of(input.Probes.Count > 0 && random.Chance(0.5) ? random.Pick(input.Probes) : subject)]),
            });
        }

        return new ProposedTrajectory(new Trajectory(calls).ToString(), "random");
    }
}
