namespace AiGateway.Gateway.Quotas;

/// <summary>
/// The Lua scripts behind <see cref="RedisQuotaStore"/>. Each call runs one script, which Redis executes atomically,
/// so a reservation's checks and increments over all its counters cannot interleave with any other replica's.
/// StackExchange.Redis sends a script's text once and <c>EVALSHA</c> after that (re-sending on <c>NOSCRIPT</c>).
/// </summary>
/// <remarks>
/// Counts are passed to <c>INCRBY</c> as the strings they arrived in, never as Lua numbers: Lua would print a large
/// number in exponent form, which <c>INCRBY</c> refuses. The windows (and so the keys) come from the gateway's clock,
/// not from Redis <c>TIME</c>, so every replica and every test agrees on them.
/// </remarks>
internal static class RedisQuotaScripts
{
    /// <summary>
    /// Checks and takes one request, its tokens and its cost from every counter, or nothing.
    /// KEYS: per counter, requests this minute, tokens this minute, tokens today, tokens this month and, when the call
    /// counts cost (a stride of 6), cost today and cost this month.
    /// ARGV[1]: the estimated tokens; ARGV[2]: the estimated cost in micro-units; ARGV[3], [4], [5]: expiry in ms of
    /// minute, day and month keys; ARGV[6]: the stride, 4 or 6 keys per counter (4 when no counter has a cost budget,
    /// so a call without one sends and reads nothing more than before); ARGV[7...]: one limit per key in the order of
    /// KEYS, '' for none (that key is then neither read nor written).
    /// Returns { refusal, counter, requests left, tokens left, cost left }: refusal -1 when admitted, else the
    /// <see cref="QuotaLimitKind"/> number (0 requests per minute, 1 tokens per minute, 2 daily tokens, 3 monthly
    /// tokens, 4 too large, 5 daily cost, 6 monthly cost); counter the 0-based index of the refusing counter; a
    /// headroom -1 when no counter has that limit; cost left what the refusing cost budget had left, else -1.
    /// Limits are checked shortest window first, tokens before cost in a window, as <see cref="QuotaRules.CheckOrder"/>.
    /// </summary>
    public const string Reserve = """
        local tokens = tonumber(ARGV[1])
        local stride = tonumber(ARGV[6])
        local counters = #KEYS / stride
        local limit, used = {}, {}
        for i = 1, #KEYS do
          limit[i] = tonumber(ARGV[6 + i])
          if limit[i] then used[i] = tonumber(redis.call('GET', KEYS[i]) or 0) end
        end

        -- Per kind of key: what the request takes (as the string INCRBY gets), its expiry and its refusal number.
        local take = { '1', ARGV[1], ARGV[1], ARGV[1], ARGV[2], ARGV[2] }
        local expiry = { ARGV[3], ARGV[3], ARGV[4], ARGV[5], ARGV[4], ARGV[5] }
        local code = { 0, 1, 2, 3, 5, 6 }
        local order = { 1, 2, 3, 5, 4, 6 }

        local refusal, refusedBy, refusedKey = -1, -1, -1
        for c = 0, counters - 1 do
          for k = 2, 4 do
            local l = limit[stride * c + k]
            if refusal < 0 and l and tokens > l then refusal, refusedBy = 4, c end
          end
        end
        for _, k in ipairs(order) do
          if k <= stride then
            local need = tonumber(take[k])
            for c = 0, counters - 1 do
              local i = stride * c + k
              if refusal < 0 and limit[i] and used[i] + need > limit[i] then refusal, refusedBy, refusedKey = code[k], c, i end
            end
          end
        end

        local costLeft = -1
        if refusal >= 5 then costLeft = math.max(limit[refusedKey] - used[refusedKey], 0) end

        if refusal < 0 then
          for i = 1, #KEYS do
            if limit[i] then
              local k = (i - 1) % stride + 1
              used[i] = redis.call('INCRBY', KEYS[i], take[k])
              redis.call('PEXPIRE', KEYS[i], expiry[k])
            end
          end
        end

        local left = { -1, -1 }
        for c = 0, counters - 1 do
          for k = 1, 2 do
            local i = stride * c + k
            if limit[i] then
              local l = math.max(limit[i] - used[i], 0)
              if left[k] < 0 or l < left[k] then left[k] = l end
            end
          end
        end
        return { refusal, refusedBy, left[1], left[2], costLeft }
        """;

    /// <summary>
    /// Corrects counters of past reservations (settlements and releases).
    /// KEYS: the counters; ARGV[i]: the change to KEYS[i]. A key that no longer exists belongs to a window long over:
    /// it is left alone rather than re-created without an expiry.
    /// </summary>
    public const string Adjust = """
        for i = 1, #KEYS do
          if redis.call('EXISTS', KEYS[i]) == 1 then
            redis.call('INCRBY', KEYS[i], ARGV[i])
          end
        end
        return 0
        """;

    /// <summary>
    /// Takes what a request still needs from the counters a replica has no local room in, and, far from a limit, a block
    /// more for the replica to admit later requests from; or nothing, when any of them has no room for the request.
    /// KEYS: the counters. ARGV[1]: how many of the replica's blocks must remain in a window for a block to be given
    /// (fewer, and the request is reserved exactly); ARGV[2]: the largest share of what remains one block may take.
    /// Then seven per key: what the request needs, the block wanted, the unit blocks are rounded down to (the
    /// request's own size, so uniform traffic leaves no remainder too small to use), the limit, the key's expiry in ms,
    /// the <see cref="QuotaLimitKind"/> number a refusal by it gives, and its place in <see cref="QuotaRules.CheckOrder"/>.
    /// Returns { refusal, refusing key (0-based), cost left, then per key: block given, quota left after }: refusal -1
    /// when admitted; cost left what a refusing cost budget had left, else -1. A block counts as used at once, so
    /// what every replica admits from its blocks is already inside the limit.
    /// </summary>
    public const string Lease = """
        local exactBelow = tonumber(ARGV[1])
        local share = tonumber(ARGV[2])
        local n = #KEYS
        local used = {}
        local refusal, refusedKey, refusedOrder = -1, -1, 1000
        for i = 1, n do
          local a = 2 + (i - 1) * 7
          local need, limit, order = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 4]), tonumber(ARGV[a + 7])
          used[i] = tonumber(redis.call('GET', KEYS[i]) or 0)
          if used[i] + need > limit and order < refusedOrder then
            refusal, refusedKey, refusedOrder = tonumber(ARGV[a + 6]), i - 1, order
          end
        end

        local reply = { refusal, refusedKey, -1 }
        if refusal >= 5 then
          reply[3] = math.max(tonumber(ARGV[2 + refusedKey * 7 + 4]) - used[refusedKey + 1], 0)
        end
        for i = 1, n do
          local a = 2 + (i - 1) * 7
          local need, want, unit, limit = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
          local block = 0
          if refusal < 0 then
            local left = limit - used[i] - need
            if want > 0 and left >= exactBelow * want then
              block = math.min(want, math.floor(left * share))
              if unit > 1 then block = block - block % unit end
            end
            used[i] = redis.call('INCRBY', KEYS[i], string.format('%d', need + block))
            redis.call('PEXPIRE', KEYS[i], ARGV[a + 5])
          end
          reply[2 + 2 * i] = block
          reply[3 + 2 * i] = math.max(limit - used[i], 0)
        end
        return reply
        """;
}
