namespace AiGateway.Portal.Auth;

/// <summary>The single sign-ons this instance offers, in the order the sign-in page shows them.</summary>
public sealed class SignInProviders(IReadOnlyList<SignInProvider> providers)
{
    public IReadOnlyList<SignInProvider> All { get; } = providers;

    public SignInProvider? Find(string scheme) => All.FirstOrDefault(p => p.Scheme == scheme);
}
