// The AI gateway on Azure Container Apps: the app (portal, management API, gateway) on three or more replicas, a
// migration job run before each release, and what they use: Azure SQL, Azure Managed Redis, Key Vault, Log
// Analytics with Application Insights, and an example Azure OpenAI account. One user-assigned managed identity
// signs the app in everywhere; no password or key is stored outside Key Vault. See README.md.

import { environmentVariable, keyVaultSecret, registryCredential } from 'modules/types.bicep'

// ---- Names and placement ----

@description('Prefix of every resource name: 2 to 10 lowercase letters or digits, starting with a letter.')
@minLength(2)
@maxLength(10)
param namePrefix string = 'aigw'

@description('Azure region of everything except the Azure OpenAI account.')
param location string = resourceGroup().location

@description('Azure region of the example Azure OpenAI account; models and SKUs differ between regions.')
param openAiLocation string = location

@description('Tags applied to every resource.')
param tags { *: string } = {
  application: 'ai-gateway'
}

// ---- The app ----

@description('Container image of the app, such as ghcr.io/contoso/ai-gateway:1.0.0.')
param image string

@description('Name of an Azure Container Registry in this resource group that holds the image; the identity gets AcrPull on it. Empty for a public registry.')
param containerRegistryName string = ''

@description('CPU cores per replica. On the Consumption profile memory must be twice the cores in GiB.')
@allowed([
  '0.5'
  '1.0'
  '1.5'
  '2.0'
  '3.0'
  '4.0'
])
param cpu string = '1.0'

@description('Memory per replica: twice the CPU cores, in GiB.')
@allowed([
  '1Gi'
  '2Gi'
  '3Gi'
  '4Gi'
  '6Gi'
  '8Gi'
])
param memory string = '2Gi'

@description('Fewest replicas. Three keep the gateway up while one restarts and another is being replaced.')
@minValue(1)
@maxValue(1000)
param minReplicas int = 3

@description('Most replicas.')
@minValue(1)
@maxValue(1000)
param maxReplicas int = 10

@description('Concurrent HTTP requests per replica above which a replica is added. Streamed completions hold a request open for their whole length.')
@minValue(1)
param httpConcurrentRequests int = 100

// ---- Secrets ----

@description('Security:ApiKeyHashSecret: base64 of at least 32 random bytes (openssl rand -base64 32). Changing it invalidates every client key.')
@secure()
@minLength(44)
param apiKeyHashSecret string

@description('Admin:BootstrapToken: a bearer token with the Admin role for automation, at least 32 characters. Empty (the default) for none.')
@secure()
param bootstrapToken string = ''

@description('Name of the certificate in the Key Vault that encrypts the Data Protection key ring. Create it once before the first start (README.md); the app refuses to start in Production without it.')
param dataProtectionCertificateName string = 'dataprotection-keyring'

@description('Purge protection on the Key Vault. Once on, it cannot be turned off, and a deleted vault keeps its name for 90 days.')
param enableKeyVaultPurgeProtection bool = true

// ---- Data ----

@description('Azure SQL database SKU, such as S1, S2 (DTU) or GP_S_Gen5_2, GP_Gen5_2 (vCore).')
param sqlDatabaseSkuName string = 'S1'

@description('Azure Managed Redis SKU, such as Balanced_B0 (the smallest), Balanced_B1 or MemoryOptimized_M10.')
param redisSkuName string = 'Balanced_B0'

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

// ---- Example Azure OpenAI account ----

@description('Model of both example deployments.')
param openAiModelName string = 'gpt-4.1'

@description('Model version of both example deployments.')
param openAiModelVersion string = '2025-04-14'

@description('Name of the standard (pay-as-you-go) deployment.')
param openAiStandardDeploymentName string = '${openAiModelName}-standard'

@description('SKU of the standard deployment.')
@allowed([
  'Standard'
  'GlobalStandard'
  'DataZoneStandard'
])
param openAiStandardSkuName string = 'GlobalStandard'

@description('Capacity of the standard deployment, in thousands of tokens per minute.')
@minValue(1)
param openAiStandardCapacity int = 50

@description('Create the provisioned (PTU) deployment. PTUs are billed by the hour whether used or not: set false unless you have a reservation or mean to pay for them.')
param deployOpenAiProvisioned bool = true

@description('Name of the provisioned deployment.')
param openAiProvisionedDeploymentName string = '${openAiModelName}-provisioned'

@description('SKU of the provisioned deployment.')
@allowed([
  'ProvisionedManaged'
  'GlobalProvisionedManaged'
  'DataZoneProvisionedManaged'
])
param openAiProvisionedSkuName string = 'GlobalProvisionedManaged'

@description('PTUs of the provisioned deployment; each model has a minimum and an increment (15 and 5 for gpt-4.1 global).')
@minValue(1)
param openAiProvisionedCapacity int = 15

var hasBootstrapToken = !empty(bootstrapToken)

// The login server is known before the deployment (not read back from the registry), so what-if sees it.
var registries registryCredential[] = empty(containerRegistryName)
  ? []
  : [
      {
        server: '${containerRegistryName}${environment().suffixes.acrLoginServer}'
        identity: identity.id
      }
    ]

// The serverless profile every workload-profiles environment has.
var workloadProfileName = 'Consumption'

// Globally unique names get a suffix that is stable for a resource group and prefix, so a redeployment updates.
var suffix = take(uniqueString(resourceGroup().id, namePrefix), 6)
var names = {
  identity: '${namePrefix}-id'
  workspace: '${namePrefix}-logs'
  appInsights: '${namePrefix}-appi'
  keyVault: '${namePrefix}-kv-${suffix}'
  sqlServer: '${namePrefix}-sql-${suffix}'
  sqlDatabase: 'aigateway'
  redis: '${namePrefix}-redis-${suffix}'
  environment: '${namePrefix}-env'
  app: '${namePrefix}-portal'
  migrationJob: '${namePrefix}-migrate'
  openAi: '${namePrefix}-oai-${suffix}'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.identity
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  params: {
    location: location
    tags: tags
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    retentionInDays: logRetentionInDays
  }
}

module redis 'modules/redis.bicep' = {
  params: {
    location: location
    tags: tags
    name: names.redis
    skuName: redisSkuName
  }
}

module sql 'modules/sql.bicep' = {
  params: {
    location: location
    tags: tags
    serverName: names.sqlServer
    databaseName: names.sqlDatabase
    databaseSkuName: sqlDatabaseSkuName
    adminIdentityName: identity.name
    adminPrincipalId: identity.properties.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  params: {
    location: location
    tags: tags
    name: names.keyVault
    enablePurgeProtection: enableKeyVaultPurgeProtection
    identityId: identity.id
    identityPrincipalId: identity.properties.principalId
    apiKeyHashSecret: apiKeyHashSecret
    storeBootstrapToken: hasBootstrapToken
    bootstrapToken: bootstrapToken
    redisClusterName: names.redis
    appInsightsName: names.appInsights
  }
  // The names are known up front (what-if can predict the role assignments), so the order is stated here.
  dependsOn: [
    redis
    monitoring
  ]
}

module openAi 'modules/openai.bicep' = {
  params: {
    location: openAiLocation
    tags: tags
    name: names.openAi
    identityId: identity.id
    identityPrincipalId: identity.properties.principalId
    modelName: openAiModelName
    modelVersion: openAiModelVersion
    standardDeploymentName: openAiStandardDeploymentName
    standardSkuName: openAiStandardSkuName
    standardCapacity: openAiStandardCapacity
    deployProvisioned: deployOpenAiProvisioned
    provisionedDeploymentName: openAiProvisionedDeploymentName
    provisionedSkuName: openAiProvisionedSkuName
    provisionedCapacity: openAiProvisionedCapacity
  }
}

module containerEnvironment 'modules/container-environment.bicep' = {
  params: {
    location: location
    tags: tags
    name: names.environment
    workloadProfileName: workloadProfileName
    workspaceName: names.workspace
    registryName: containerRegistryName
    identityId: identity.id
    identityPrincipalId: identity.properties.principalId
  }
  dependsOn: [
    monitoring
  ]
}

// Every secret is a Key Vault reference read with the identity; the template never puts a secret value in the app.
var secrets keyVaultSecret[] = [
  {
    name: 'api-key-hash-secret'
    keyVaultUrl: keyVault.outputs.apiKeyHashSecretUri
    identity: identity.id
  }
  {
    name: 'redis-connection'
    keyVaultUrl: keyVault.outputs.redisConnectionUri
    identity: identity.id
  }
  {
    name: 'appinsights-connection-string'
    keyVaultUrl: keyVault.outputs.appInsightsConnectionUri
    identity: identity.id
  }
  ...(hasBootstrapToken
    ? [
        {
          name: 'bootstrap-token'
          keyVaultUrl: keyVault.outputs.bootstrapTokenUri
          identity: identity.id
        }
      ]
    : [])
]

// No password: the SQL client signs in as the managed identity named by User Id.
var sqlConnectionString = 'Server=tcp:${sql.outputs.serverFqdn},1433;Database=${names.sqlDatabase};Authentication=Active Directory Managed Identity;User Id=${identity.properties.clientId};Encrypt=True'

var env environmentVariable[] = [
  {
    name: 'ASPNETCORE_ENVIRONMENT'
    value: 'Production'
  }
  // DefaultAzureCredential picks the user-assigned identity by this client id (Azure OpenAI backends, Key Vault).
  {
    name: 'AZURE_CLIENT_ID'
    value: identity.properties.clientId
  }
  {
    name: 'Database__Provider'
    value: 'SqlServer'
  }
  // The migration job migrates; replicas starting together must not.
  {
    name: 'Database__MigrateOnStartup'
    value: 'false'
  }
  {
    name: 'ConnectionStrings__Portal'
    value: sqlConnectionString
  }
  // Quota counters shared by every replica.
  {
    name: 'Quotas__Store'
    value: 'Redis'
  }
  {
    name: 'ConnectionStrings__Redis'
    secretRef: 'redis-connection'
  }
  {
    name: 'Security__ApiKeyHashSecret'
    secretRef: 'api-key-hash-secret'
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    secretRef: 'appinsights-connection-string'
  }
  // The key ring in the database is encrypted with this certificate, downloaded at start with the identity. Known
  // before the deployment (not read back from the vault), so what-if sees it.
  {
    name: 'DataProtection__KeyVault__VaultUri'
    value: 'https://${names.keyVault}${environment().suffixes.keyvaultDns}/'
  }
  {
    name: 'DataProtection__KeyVault__CertificateName'
    value: dataProtectionCertificateName
  }
  // Telemetry goes to Application Insights; nothing scrapes /metrics here.
  {
    name: 'Telemetry__Prometheus__Enabled'
    value: 'false'
  }
  ...(hasBootstrapToken
    ? [
        {
          name: 'Admin__BootstrapToken'
          secretRef: 'bootstrap-token'
        }
      ]
    : [])
]

module portal 'modules/portal-app.bicep' = {
  params: {
    location: location
    tags: tags
    name: names.app
    environmentId: containerEnvironment.outputs.id
    workloadProfileName: workloadProfileName
    identityId: identity.id
    image: image
    registries: registries
    cpu: cpu
    memory: memory
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    concurrentRequests: httpConcurrentRequests
    secrets: secrets
    env: env
  }
}

module migrationJob 'modules/migration-job.bicep' = {
  params: {
    location: location
    tags: tags
    name: names.migrationJob
    environmentId: containerEnvironment.outputs.id
    workloadProfileName: workloadProfileName
    identityId: identity.id
    image: image
    registries: registries
    cpu: cpu
    memory: memory
    secrets: secrets
    env: env
  }
}

@description('URL of the portal (and of the gateway\'s OpenAI-compatible routes).')
output portalUrl string = 'https://${portal.outputs.fqdn}'

@description('Name of the container app.')
output containerAppName string = portal.outputs.name

@description('Name of the migration job: az containerapp job start -n <this> -g <resource group> before each release.')
output migrationJobName string = migrationJob.outputs.name

@description('Client id of the app\'s managed identity: the client id of ManagedIdentity backend credentials in the portal.')
output identityClientId string = identity.properties.clientId

@description('Name of the Key Vault holding the app\'s secrets.')
output keyVaultName string = keyVault.outputs.name

@description('Name of the Key Vault certificate that encrypts the Data Protection key ring (create it before the first start).')
output dataProtectionCertificateName string = dataProtectionCertificateName

@description('Fully qualified domain name of the Azure SQL server.')
output sqlServerFqdn string = sql.outputs.serverFqdn

@description('Endpoint of the example Azure OpenAI account: the URL of the backend to register in the portal.')
output openAiEndpoint string = openAi.outputs.endpoint

@description('Standard deployment to register under the backend.')
output openAiStandardDeploymentName string = openAi.outputs.standardDeploymentName

@description('Provisioned deployment to register under the backend, or empty when it was not deployed.')
output openAiProvisionedDeploymentName string = openAi.outputs.provisionedDeploymentName
