using AiGateway.Gateway.Context;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Tests.Context;

public sealed class GatewayServerLimitsTests
{
    [Fact]
    public void PostConfigure_DefaultLimits_RaisesKestrelToTwiceTheGatewaysOwn()
    {
        var kestrel = new KestrelServerOptions();

        new GatewayServerLimits(Options.Create(new GatewayLimitsOptions())).PostConfigure(null, kestrel);

        Assert.Equal(16 * 1024, kestrel.Limits.MaxRequestLineSize);
        Assert.Equal(64 * 1024, kestrel.Limits.MaxRequestHeadersTotalSize);
        Assert.Equal(200, kestrel.Limits.MaxRequestHeaderCount);
        Assert.Equal(64 * 1024, kestrel.Limits.Http2.MaxRequestHeaderFieldSize);
        Assert.False(kestrel.AddServerHeader);
    }

    [Fact]
    public void PostConfigure_KestrelConfiguredHigher_KeepsKestrelsLimits()
    {
        var kestrel = new KestrelServerOptions();
        kestrel.Limits.MaxRequestHeadersTotalSize = 512 * 1024;
        kestrel.Limits.MaxRequestLineSize = 4096;

        new GatewayServerLimits(Options.Create(new GatewayLimitsOptions { MaxRequestLineBytes = 1024 })).PostConfigure(null, kestrel);

        Assert.Equal(512 * 1024, kestrel.Limits.MaxRequestHeadersTotalSize);
        Assert.Equal(4096, kestrel.Limits.MaxRequestLineSize);
    }

    [Fact]
    public void PostConfigure_LargestGatewayLimits_StayBoundedAndFitTheRequestBuffer()
    {
        var kestrel = new KestrelServerOptions();
        kestrel.Limits.MaxRequestBufferSize = 64 * 1024;
        var largest = new GatewayLimitsOptions { MaxRequestLineBytes = 64 * 1024, MaxRequestHeadersBytes = 256 * 1024, MaxRequestHeaderCount = 1000 };

        new GatewayServerLimits(Options.Create(largest)).PostConfigure(null, kestrel);

        Assert.Equal(512 * 1024, kestrel.Limits.MaxRequestHeadersTotalSize);
        Assert.Equal(128 * 1024, kestrel.Limits.MaxRequestLineSize);
        Assert.Equal(2000, kestrel.Limits.MaxRequestHeaderCount);
        Assert.Equal(512 * 1024, kestrel.Limits.MaxRequestBufferSize);
    }
}
