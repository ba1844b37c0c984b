namespace DataSearch.Models;

/// <summary>
/// One training or scoring run at a time in a process, whichever evaluator runs it (`search --parallel`
/// runs evaluations on several threads; a multi-fidelity search holds two evaluators): torch already
/// uses every core, training steps are serialised by <see cref="GcQuiet"/> anyway, and GcQuiet's guard
/// against TorchSharp's collectable Scalars holds only while no other run allocates between steps.
/// </summary>
internal static class TrainingLock
{
    /// <summary>Held for the whole of one evaluation.</summary>
    public static readonly Lock OneAtATime = new();
}
