using System.Security.Cryptography;

namespace DataSearch.IO;

/// <summary>Content hashes of files, read as a stream (a file of any size costs a buffer, not its size).</summary>
public static class FileHash
{
    /// <summary>SHA-256 of the file at <paramref name="path"/>, as lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
