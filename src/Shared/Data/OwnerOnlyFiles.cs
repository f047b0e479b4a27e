namespace AiGateway.Shared.Data;

/// <summary>
/// Creates the folder and files that hold secrets (the SQLite database, the development hash secret) readable by the
/// process's user only, on Unix, from the moment they exist: no window where another user could open them.
/// Existing files and folders keep the mode their owner gave them.
/// </summary>
internal static class OwnerOnlyFiles
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, FolderMode);
    }

    /// <summary>Opens a new file for writing; throws <see cref="IOException"/> when it already exists.</summary>
    public static FileStream CreateNew(string path)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return new FileStream(path, options);
    }

    /// <summary>
    /// Creates an empty file when there is none, so that SQLite opens a file that is already owner-only (an empty file is
    /// an empty database) and gives its journal and WAL files the same mode.
    /// </summary>
    public static void EnsureFile(string path)
    {
        try
        {
            using var _ = CreateNew(path);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Already there (another process, or an earlier run): keep it as it is.
        }
    }
}
