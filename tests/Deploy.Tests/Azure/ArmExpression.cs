using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AiGateway.Deploy.Tests.Azure;

/// <summary>
/// Evaluates the ARM template expressions that <c>bicep snapshot</c> leaves in place when a value depends on something
/// known only during the deployment (a module's output, an identity's client id). It knows the functions Bicep uses to
/// build arrays and objects (<c>createArray</c>, <c>createObject</c>, <c>flatten</c>, <c>concat</c>, <c>if</c>,
/// <c>not</c>, <c>empty</c>, <c>equals</c>, <c>format</c>, <c>parameters</c>, <c>variables</c>, <c>resourceId</c>,
/// <c>environment</c>);
/// any other call becomes a
/// <see cref="Runtime"/> placeholder that keeps the call's text, so a test can still see what it refers to.
/// </summary>
public static class ArmExpression
{
    private const string RuntimePrefix = "<runtime ";

    /// <summary>Whether <paramref name="node"/> is a value only the deployment knows.</summary>
    public static bool IsRuntime(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.StartsWith(RuntimePrefix, StringComparison.Ordinal);

    /// <summary>
    /// A copy of <paramref name="node"/> with every expression string evaluated in <paramref name="scope"/>.
    /// </summary>
    public static JsonNode? Evaluate(JsonNode? node, ArmScope scope) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Evaluate(p.Value, scope)))),
        JsonArray a => new JsonArray([.. a.Select(item => Evaluate(item, scope))]),
        JsonValue v when v.TryGetValue<string>(out var text) && IsExpression(text) =>
            new Parser(text[1..^1], scope).ParseWhole(),
        JsonValue v when v.TryGetValue<string>(out var text) && text.StartsWith("[[", StringComparison.Ordinal) =>
            JsonValue.Create(text[1..]),
        _ => node?.DeepClone(),
    };

    private static bool IsExpression(string text) =>
        text.Length >= 2 && text[0] == '[' && text[1] != '[' && text[^1] == ']';

    private static JsonValue Runtime(string text) => JsonValue.Create($"{RuntimePrefix}{text}>");

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    /// <summary>Recursive descent over one expression: calls, string and number literals, <c>.member</c> and <c>[index]</c>.</summary>
    private sealed class Parser(string text, ArmScope scope)
    {
        private int _position;

        public JsonNode? ParseWhole()
        {
            var result = ParseExpression();
            SkipSpaces();
            return _position == text.Length ? result : throw Error("text after the expression");
        }

        private JsonNode? ParseExpression()
        {
            SkipSpaces();
            var start = _position;
            var value = ParsePrimary();
            while (true)
            {
                SkipSpaces();
                if (TryConsume('.'))
                {
                    var member = ParseIdentifier();
                    value = IsRuntime(value) || value is not JsonObject o
                        ? Runtime(text[start.._position])
                        : o[member]?.DeepClone();
                }
                else if (TryConsume('['))
                {
                    var index = ParseExpression();
                    Expect(']');
                    value = value is JsonArray a && index is JsonValue i && i.TryGetValue<int>(out var n)
                        ? a[n]?.DeepClone()
                        : Runtime(text[start.._position]);
                }
                else
                {
                    return value;
                }
            }
        }

        private JsonNode? ParsePrimary()
        {
            SkipSpaces();
            if (Peek() == '\'')
            {
                return JsonValue.Create(ParseString());
            }

            if (Peek() is '-' or (>= '0' and <= '9'))
            {
                var start = _position++;
                while (_position < text.Length && char.IsDigit(text[_position]))
                {
                    _position++;
                }

                return JsonValue.Create(long.Parse(text[start.._position], CultureInfo.InvariantCulture));
            }

            var callStart = _position;
            var name = ParseIdentifier();
            Expect('(');
            var arguments = new List<JsonNode?>();
            SkipSpaces();
            if (!TryConsume(')'))
            {
                do
                {
                    arguments.Add(ParseExpression());
                    SkipSpaces();
                }
                while (TryConsume(','));
                Expect(')');
            }

            return Call(name, arguments, text[callStart.._position]);
        }

        private JsonNode? Call(string name, List<JsonNode?> args, string source)
        {
            switch (name.ToLowerInvariant())
            {
                case "createarray":
                    return new JsonArray([.. args.Select(a => a?.DeepClone())]);
                case "createobject":
                    var o = new JsonObject();
                    for (var i = 0; i + 1 < args.Count; i += 2)
                    {
                        o[Text(args[i])] = args[i + 1]?.DeepClone();
                    }

                    return o;
                case "flatten" when args[0] is JsonArray outer && outer.All(x => x is JsonArray):
                    return new JsonArray([.. outer.SelectMany(inner => inner!.AsArray()).Select(x => x?.DeepClone())]);
                case "concat" when args.All(a => a is JsonArray):
                    return new JsonArray([.. args.SelectMany(a => a!.AsArray()).Select(x => x?.DeepClone())]);
                case "concat":
                    return JsonValue.Create(string.Concat(args.Select(Text)));
                case "if" when Bool(args[0]) is { } condition:
                    return (condition ? args[1] : args[2])?.DeepClone();
                case "not" when Bool(args[0]) is { } b:
                    return JsonValue.Create(!b);
                case "empty" when !IsRuntime(args[0]):
                    return JsonValue.Create(args[0] switch
                    {
                        null => true,
                        JsonArray a => a.Count == 0,
                        JsonObject obj => obj.Count == 0,
                        _ => Text(args[0]).Length == 0,
                    });
                case "equals" when !IsRuntime(args[0]) && !IsRuntime(args[1]):
                    return JsonValue.Create(JsonNode.DeepEquals(args[0], args[1]));
                case "format":
                    return JsonValue.Create(string.Format(CultureInfo.InvariantCulture, Text(args[0]), [.. args.Skip(1).Select(Text)]));
                case "parameters" when scope.Parameters.TryGetValue(Text(args[0]), out var value):
                    return value?.DeepClone();
                case "variables" when scope.Variables is { } variables && variables[Text(args[0])] is { } variable:
                    return Evaluate(variable, scope);
                case "environment":
                    return scope.Environment.DeepClone();
                case "resourceid" when args.Count == 2 && !args.Any(IsRuntime):
                    return JsonValue.Create(
                        $"/subscriptions/{scope.SubscriptionId}/resourceGroups/{scope.ResourceGroup}/providers/{Text(args[0])}/{Text(args[1])}");
                default:
                    return Runtime(source);
            }
        }

        private static bool? Bool(JsonNode? node) =>
            node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

        private string ParseString()
        {
            Expect('\'');
            var result = new StringBuilder();
            while (true)
            {
                if (_position >= text.Length)
                {
                    throw Error("an unterminated string");
                }

                var c = text[_position++];
                if (c != '\'')
                {
                    result.Append(c);
                }
                else if (Peek() == '\'')
                {
                    // '' is an escaped quote inside a string literal.
                    result.Append('\'');
                    _position++;
                }
                else
                {
                    return result.ToString();
                }
            }
        }

        private string ParseIdentifier()
        {
            SkipSpaces();
            var start = _position;
            while (_position < text.Length && (char.IsLetterOrDigit(text[_position]) || text[_position] is '_' or '$'))
            {
                _position++;
            }

            return _position > start ? text[start.._position] : throw Error("a name");
        }

        private char Peek() => _position < text.Length ? text[_position] : '\0';

        private bool TryConsume(char c)
        {
            SkipSpaces();
            if (Peek() != c)
            {
                return false;
            }

            _position++;
            return true;
        }

        private void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw Error($"'{c}'");
            }
        }

        private void SkipSpaces()
        {
            while (_position < text.Length && text[_position] == ' ')
            {
                _position++;
            }
        }

        private FormatException Error(string expected) =>
            new($"Expected {expected} at {_position} in the ARM expression [{text}].");
    }
}
