using System.Text.Json;
using DataSearch.IO;

namespace DataSearch.Evaluation.Slurm;

/// <summary>
/// <c>job.json</c> in a job's folder: every job submitted for it, the latest last. Written right after
/// <c>sbatch</c> answers, so a controller killed while the job runs finds it again instead of submitting twice.
/// </summary>
public sealed record SlurmJobRecord(List<string> JobIds)
{
    /// <summary>The record's file name in a job's folder.</summary>
    public const string FileName = "job.json";

    /// <summary>The latest job, or null before the first submission.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Latest => JobIds.Count > 0 ? JobIds[^1] : null;

    /// <summary>The record in <paramref name="folder"/>, empty when there is none.</summary>
    public static SlurmJobRecord Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        return File.Exists(path) ? JsonFile.Read<SlurmJobRecord>(path, "a job record") : new SlurmJobRecord([]);
    }

    /// <summary>Adds <paramref name="jobId"/> and writes the record atomically.</summary>
    public void Add(string jobId, string folder)
    {
        JobIds.Add(jobId);
        AtomicFile.WriteAllText(Path.Combine(Directory.CreateDirectory(folder).FullName, FileName), JsonSerializer.Serialize(this) + "\n");
    }
}
