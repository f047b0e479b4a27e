using System.Globalization;
using System.Text;

namespace AiGateway.Integration.Telemetry;

/// <summary>
/// One answer of the scrape endpoint, read as Prometheus reads the text format: <c># TYPE</c> lines and samples
/// (<c>name{label="value",...} value</c>). Only what the tests ask about is kept.
/// </summary>
internal sealed class PrometheusScrape
{
    private readonly List<Sample> _samples = [];
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    private PrometheusScrape(string text)
    {
        Text = text;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                _types[parts[2]] = parts[3];
            }
            else if (line.Length > 0 && line[0] != '#')
            {
                _samples.Add(Parse(line));
            }
        }
    }

    public string Text { get; }

    public static PrometheusScrape Read(string text) => new(text);

    /// <summary>The metric family's type (<c>counter</c>, <c>histogram</c>, <c>gauge</c>), or null when absent.</summary>
    public string? TypeOf(string family) => _types.GetValueOrDefault(family);

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        Matching(name, labels).Sum(s => s.Value);

    /// <summary>The samples named <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public IReadOnlyList<Sample> Matching(string name, params (string Label, string Value)[] labels) =>
        [.. _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value))];

    private static Sample Parse(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        string name;
        int rest;
        if (brace >= 0 && brace < space)
        {
            name = line[..brace];
            rest = ReadLabels(line, brace + 1, labels);
        }
        else
        {
            name = line[..space];
            rest = space;
        }

        var fields = line[rest..].Trim().Split(' ');
        var value = fields[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            var v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, value);
    }

    /// <summary>Reads <c>label="value",...}</c> from <paramref name="at"/>; returns the index after the closing brace.</summary>
    private static int ReadLabels(string line, int at, Dictionary<string, string> labels)
    {
        var i = at;
        while (line[i] != '}')
        {
            var equals = line.IndexOf('=', i);
            var label = line[i..equals].Trim(',', ' ');
            i = equals + 2; // past ="
            var value = new StringBuilder();
            while (line[i] != '"')
            {
                if (line[i] == '\\')
                {
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else
                {
                    value.Append(line[i]);
                }

                i++;
            }

            labels[label] = value.ToString();
            i++; // past the closing quote
            if (line[i] == ',')
            {
                i++;
            }
        }

        return i + 1;
    }

    internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
