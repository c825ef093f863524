using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SharpTune.Server.Api;

/// <summary>Reads a request body up to the server's limit; a larger one is a 413 (Kestrel's MaxRequestBodySize).</summary>
internal static class RequestBody
{
    public static async Task<byte[]> Read(HttpContext ctx)
    {
        long limit = ctx.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? long.MaxValue;
        if (ctx.Request.ContentLength > limit) throw TooLarge(limit);
        using var buffer = new MemoryStream();
        try { await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { throw TooLarge(limit); }
        return buffer.ToArray();
    }

    static ApiException TooLarge(long limit) => new(413, $"the request body is larger than this server's limit of {limit} bytes");
}
