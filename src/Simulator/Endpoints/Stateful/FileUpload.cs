using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>
/// Reads a <c>multipart/form-data</c> upload section by section from the request stream: the small fields as text,
/// the <c>file</c> part into 64 KiB segments that become the one stored copy, refusing it as soon as it passes
/// <c>MaxFileBytes</c>. The request is never held in one buffer.
/// </summary>
internal static class FileUpload
{
    private const int SegmentBytes = 64 * 1024;
    private const int MaxFieldBytes = 4096;

    /// <summary>
    /// The form's fields and file; or a problem to answer (status and message), e.g. 413 when the file is too large.
    /// </summary>
    public static async Task<UploadResult> ReadAsync(HttpContext context, long maxFileBytes)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return UploadResult.Problem(StatusCodes.Status400BadRequest, "Invalid request: expected a multipart/form-data body with 'purpose' and 'file'.", null);
        }

        // Room for the form around the file; the file itself is checked below, byte by byte.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxFileBytes + 1024 * 1024;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? fileName = null;
        byte[]? content = null;
        var reader = new MultipartReader(boundary, context.Request.Body);
        try
        {
            while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || disposition.Name.Value is not { } name)
                {
                    continue;
                }

                name = HeaderUtilities.RemoveQuotes(name).Value!;
                if (name == "file")
                {
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "file";
                    content = await ReadLimitedAsync(section.Body, maxFileBytes, context.RequestAborted);
                    if (content is null)
                    {
                        return TooLarge(maxFileBytes);
                    }
                }
                else
                {
                    var bytes = await ReadLimitedAsync(section.Body, MaxFieldBytes, context.RequestAborted);
                    if (bytes is null)
                    {
                        return UploadResult.Problem(StatusCodes.Status400BadRequest, $"Invalid '{name}': the value is too long.", name);
                    }

                    fields[name] = Encoding.UTF8.GetString(bytes);
                }
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxFileBytes);
        }
        catch (InvalidDataException)
        {
            return UploadResult.Problem(StatusCodes.Status400BadRequest, "Invalid request: the multipart/form-data body is malformed.", null);
        }

        return new UploadResult(fields, fileName, content, 0, null, null);
    }

    private static UploadResult TooLarge(long maxFileBytes) => UploadResult.Problem(StatusCodes.Status413PayloadTooLarge,
        $"File is too large: the maximum size is {maxFileBytes} bytes.", "file");

    /// <summary>The stream's bytes, or null once they pass <paramref name="max"/>.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream stream, long max, CancellationToken cancellationToken)
    {
        var segments = new List<byte[]>();
        long total = 0;
        while (true)
        {
            var segment = new byte[SegmentBytes];
            var filled = 0;
            int read;
            while (filled < segment.Length && (read = await stream.ReadAsync(segment.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += read;
            }

            total += filled;
            if (total > max)
            {
                return null;
            }

            if (filled > 0)
            {
                segments.Add(filled == segment.Length ? segment : segment[..filled]);
            }

            if (filled < segment.Length)
            {
                break;
            }
        }

        var content = new byte[total];
        var offset = 0;
        foreach (var segment in segments)
        {
            segment.CopyTo(content, offset);
            offset += segment.Length;
        }

        return content;
    }
}
