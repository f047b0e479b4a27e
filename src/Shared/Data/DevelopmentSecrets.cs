namespace AiGateway.Shared.Data;

/// <summary>
/// Secrets that a developer's machine makes up for itself, so a fresh clone runs with no set-up. They are kept in the
/// data folder beside the SQLite file and are used only in Development; production must configure its own.
/// </summary>
internal static class DevelopmentSecrets
{
    public static string ApiKeyHashSecret(string dataPath)
    {
        OwnerOnlyFiles.CreateFolder(dataPath);
        var file = Path.Combine(dataPath, "api-key-hash.secret");
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        try
        {
            using var stream = OwnerOnlyFiles.CreateNew(file);
            using var writer = new StreamWriter(stream);
            writer.Write(secret);
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another process made it first; use theirs so both hash alike.
            return File.ReadAllText(file).Trim();
        }

        return secret;
    }
}
