using System.Net;
using System.Net.Http.Headers;

namespace AiGateway.Integration.Gateway.StatefulApis;

/// <summary>
/// File uploads stream to the owner under their own bound (<c>Gateway:Stateful:MaxFileBytes</c>), not the JSON body
/// limit, and come back byte for byte.
/// </summary>
public sealed class FileUploadTests() : RoundRobinTestBase(new Dictionary<string, string?>
{
    ["Gateway:Compliance:MaxRequestBodyBytes"] = "65536",
    ["Gateway:Stateful:MaxFileBytes"] = "2097152",
})
{
    [Fact]
    public async Task UploadAboveTheJsonLimit_IsStoredOnItsOwner_AndReadBackWhole()
    {
        var bytes = new byte[1024 * 1024];
        new Random(7).NextBytes(bytes);

        using var uploaded = await Client.PostAsync("/v1/files", Form(bytes), Ct);
        var id = (await ReadJsonAsync(uploaded, HttpStatusCode.OK)).GetProperty("id").GetString();
        using var content = await Client.GetAsync($"/v1/files/{id}/content", Ct);

        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal(bytes, await content.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task UploadAboveMaxFileBytes_Is413_AndNoBackendSeesIt()
    {
        var before = await TotalsAsync();

        using var uploaded = await Client.PostAsync("/v1/files", Form(new byte[3 * 1024 * 1024]), Ct);

        Assert.Equal("request_too_large", (await ErrorAsync(uploaded, HttpStatusCode.RequestEntityTooLarge)).GetProperty("code").GetString());
        Assert.Equal(before, await TotalsAsync());
    }

    [Fact]
    public async Task ChunkedUploadAboveMaxFileBytes_Is413()
    {
        using var uploaded = await Client.PostAsync("/v1/files", new UnknownLength(Form(new byte[3 * 1024 * 1024])), Ct);

        Assert.Equal("request_too_large", (await ErrorAsync(uploaded, HttpStatusCode.RequestEntityTooLarge)).GetProperty("code").GetString());
    }

    private static MultipartFormDataContent Form(byte[] bytes)
    {
        var form = new MultipartFormDataContent { { new StringContent("assistants"), "purpose" } };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "blob.bin");
        return form;
    }

    /// <summary>A body sent chunked: its length is not known up front, so only the bytes themselves can be counted.</summary>
    private sealed class UnknownLength : HttpContent
    {
        private readonly HttpContent _inner;

        public UnknownLength(HttpContent inner)
        {
            _inner = inner;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => _inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
