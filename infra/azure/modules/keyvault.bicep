// Key Vault with Azure RBAC: the app's secrets, which Container Apps reads through the managed identity, and the
// certificate that protects the ASP.NET Core Data Protection key ring, which the app downloads at start. ARM cannot
// create a certificate: the operator creates it once (see README.md); the app refuses to start until it exists.

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Name of the Key Vault (globally unique, 3 to 24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Turn on purge protection: a deleted vault and its secrets cannot be purged before the retention ends.')
param enablePurgeProtection bool

@description('Resource id of the managed identity, which names its role assignments.')
param identityId string

@description('Principal id of the managed identity that reads the secrets and the key ring certificate.')
param identityPrincipalId string

@description('Security:ApiKeyHashSecret: base64 of at least 32 random bytes.')
@secure()
param apiKeyHashSecret string

@description('Store a bootstrap token.')
param storeBootstrapToken bool

@description('Admin:BootstrapToken; ignored unless storeBootstrapToken.')
@secure()
param bootstrapToken string

@description('Name of the Azure Managed Redis cluster whose access key goes into the Redis connection string.')
param redisClusterName string

@description('Name of the Application Insights component whose connection string the app exports to.')
param appInsightsName string

// Built-in role definition ids (the same in every tenant).
var keyVaultSecretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'
// Reads a certificate with its private key (the certificate's secret): what the key ring certificate needs.
var keyVaultCertificateUserRole = 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba'

resource redisCluster 'Microsoft.Cache/redisEnterprise@2026-09-01' existing = {
  name: redisClusterName
}

resource redisDatabase 'Microsoft.Cache/redisEnterprise/databases@2026-09-01' existing = {
  parent: redisCluster
  name: 'default'
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Key Vault refuses an explicit false, so "off" is expressed by leaving the property out.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource apiKeyHashSecretValue 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: 'api-key-hash-secret'
  properties: {
    value: apiKeyHashSecret
  }
}

resource bootstrapTokenValue 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (storeBootstrapToken) {
  parent: vault
  name: 'bootstrap-token'
  properties: {
    value: bootstrapToken
  }
}

resource redisConnection 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: 'redis-connection'
  properties: {
    // StackExchange.Redis syntax; abortConnect=False lets a replica start (and fail open) while Redis is unreachable.
    value: '${redisCluster.properties.hostName}:${redisDatabase.properties.port},password=${redisDatabase.listKeys().primaryKey},ssl=True,abortConnect=False'
  }
}

resource appInsightsConnection 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: 'appinsights-connection-string'
  properties: {
    value: appInsights.properties.ConnectionString
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityId, keyVaultSecretsUserRole)
  scope: vault
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRole)
  }
}

resource certificateUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityId, keyVaultCertificateUserRole)
  scope: vault
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCertificateUserRole)
  }
}

@description('Name of the Key Vault.')
output name string = vault.name

// Versionless URIs: Container Apps follows the latest version of each secret.
@description('Key Vault URI of the API key hash secret.')
output apiKeyHashSecretUri string = apiKeyHashSecretValue.properties.secretUri

@description('Key Vault URI of the bootstrap token, or empty when none was given.')
output bootstrapTokenUri string = storeBootstrapToken ? bootstrapTokenValue!.properties.secretUri : ''

@description('Key Vault URI of the Redis connection string.')
output redisConnectionUri string = redisConnection.properties.secretUri

@description('Key Vault URI of the Application Insights connection string.')
output appInsightsConnectionUri string = appInsightsConnection.properties.secretUri
