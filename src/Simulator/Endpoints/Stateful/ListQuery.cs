using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>
/// The cursor paging of OpenAI list calls: <c>limit</c> (1-100, default 20), <c>order</c> (<c>asc</c> or
/// <c>desc</c>, default desc: newest first), <c>after</c> and <c>before</c> (an id in the list).
/// </summary>
internal sealed record ListQuery(int Limit, bool Descending, string? After, string? Before)
{
    /// <summary>Null, with a 400 written, when a parameter is malformed.</summary>
    public static async Task<ListQuery?> ParseAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var limit = 20;
        if (query["limit"] is { Count: > 0 } l && (!int.TryParse(l.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context, "Invalid 'limit': expected an integer between 1 and 100.", "limit", "integer_out_of_range");
            return null;
        }

        var order = query["order"].ToString();
        if (order is not ("" or "asc" or "desc"))
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context, "Invalid 'order': expected one of 'asc' or 'desc'.", "order", "invalid_value");
            return null;
        }

        static string? Cursor(StringValues value) => value.Count > 0 && value.ToString().Length > 0 ? value.ToString() : null;
        return new ListQuery(limit, order != "asc", Cursor(query["after"]), Cursor(query["before"]));
    }

    /// <summary>
    /// The page of <paramref name="oldestFirst"/> this query asks for, as a list object (items copied). An
    /// <c>after</c> or <c>before</c> id that is not in the list gives an empty page.
    /// </summary>
    public JsonObject Page<T>(IEnumerable<T> oldestFirst, Func<T, JsonObject> json)
    {
        var ordered = (Descending ? oldestFirst.Reverse() : oldestFirst).Select(json).ToList();
        var start = 0;
        var end = ordered.Count;
        if (After is not null)
        {
            var at = ordered.FindIndex(o => (string?)o["id"] == After);
            start = at < 0 ? ordered.Count : at + 1;
        }

        if (Before is not null)
        {
            var at = ordered.FindIndex(o => (string?)o["id"] == Before);
            end = at < 0 ? 0 : at;
            start = Math.Max(start, end - Limit);
        }

        var count = Math.Max(0, Math.Min(Limit, end - start));
        var page = ordered.Skip(start).Take(count).ToList();
        var data = new JsonArray();
        foreach (var item in page)
        {
            data.Add(item.DeepClone());
        }

        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["first_id"] = page.Count > 0 ? (string?)page[0]["id"] : null,
            ["last_id"] = page.Count > 0 ? (string?)page[^1]["id"] : null,
            ["has_more"] = start + count < end,
        };
    }
}
