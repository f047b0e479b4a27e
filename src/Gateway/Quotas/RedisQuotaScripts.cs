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
    /// Checks and takes one request and its tokens from every counter, or nothing.
    /// KEYS: four per counter: requests this minute, tokens this minute, tokens today, tokens this month.
    /// ARGV[1]: the estimated tokens; ARGV[2], [3], [4]: expiry in ms of minute, day and month keys;
    /// ARGV[5...]: four limits per counter in the order of KEYS, '' for none (that key is then neither read nor written).
    /// Returns { refusal, counter, requests left, tokens left }: refusal -1 when admitted, else 0 requests per minute,
    /// 1 tokens per minute, 2 daily, 3 monthly, 4 too large (the <see cref="QuotaLimitKind"/> numbers); counter the
    /// 0-based index of the refusing counter; a headroom -1 when no counter has that limit.
    /// </summary>
    public const string Reserve = """
        local tokens = tonumber(ARGV[1])
        local counters = #KEYS / 4
        local limit, used = {}, {}
        for i = 1, #KEYS do
          limit[i] = tonumber(ARGV[4 + i])
          if limit[i] then used[i] = tonumber(redis.call('GET', KEYS[i]) or 0) end
        end

        local refusal, refusedBy = -1, -1
        for c = 0, counters - 1 do
          for k = 2, 4 do
            local l = limit[4 * c + k]
            if refusal < 0 and l and tokens > l then refusal, refusedBy = 4, c end
          end
        end
        for k = 1, 4 do
          local cost = tokens
          if k == 1 then cost = 1 end
          for c = 0, counters - 1 do
            local i = 4 * c + k
            if refusal < 0 and limit[i] and used[i] + cost > limit[i] then refusal, refusedBy = k - 1, c end
          end
        end

        if refusal < 0 then
          for i = 1, #KEYS do
            if limit[i] then
              local k = (i - 1) % 4
              local cost = ARGV[1]
              if k == 0 then cost = 1 end
              used[i] = redis.call('INCRBY', KEYS[i], cost)
              redis.call('PEXPIRE', KEYS[i], ARGV[2 + math.max(k - 1, 0)])
            end
          end
        end

        local left = { -1, -1 }
        for c = 0, counters - 1 do
          for k = 1, 2 do
            local i = 4 * c + k
            if limit[i] then
              local l = math.max(limit[i] - used[i], 0)
              if left[k] < 0 or l < left[k] then left[k] = l end
            end
          end
        end
        return { refusal, refusedBy, left[1], left[2] }
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
}
