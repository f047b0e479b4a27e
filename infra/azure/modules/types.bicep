// Types shared by main.bicep and the Container Apps modules.

@export()
@description('A Container Apps secret read from Key Vault with a user-assigned identity; never an inline value.')
type keyVaultSecret = {
  @description('Name the containers refer to with secretRef.')
  name: string

  @description('Versionless Key Vault secret URI; Container Apps picks up new versions by itself.')
  keyVaultUrl: string

  @description('Resource id of the user-assigned identity that reads the secret.')
  identity: string
}

@export()
@description('An environment variable: a plain value, or a reference to a Container Apps secret.')
type environmentVariable = {
  @description('Variable name; __ separates configuration sections for ASP.NET Core.')
  name: string

  @description('Plain value, for settings that are not secret.')
  value: string?

  @description('Name of a Container Apps secret, for settings that are.')
  secretRef: string?
}

@export()
@description('A container registry pulled from with a user-assigned identity (no registry password).')
type registryCredential = {
  @description('Login server, such as contoso.azurecr.io.')
  server: string

  @description('Resource id of the user-assigned identity that has AcrPull on the registry.')
  identity: string
}
