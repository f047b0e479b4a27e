namespace AiGateway.Shared.Model;

/// <summary>Column lengths shared by the mappings and by the services' validation, so both say the same.</summary>
public static class FieldLimits
{
    public const int Name = 128;
    public const int Description = 1024;
    public const int UserId = 256;
    public const int Url = 2048;
}
