// An example Azure OpenAI account for the gateway to route to: one pay-as-you-go (standard) deployment and, behind
// a switch, one provisioned (PTU) deployment of the same model, the usual "provisioned first, spill over to
// standard" pair. The app reaches it with its managed identity only: keys are turned off.

@description('Azure region of the account; model availability differs between regions.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Name of the account, also its custom subdomain (globally unique).')
param name string

@description('Resource id of the managed identity, which names its role assignments.')
param identityId string

@description('Principal id of the managed identity that calls the deployments.')
param identityPrincipalId string

@description('Model name of both deployments.')
param modelName string

@description('Model version of both deployments.')
param modelVersion string

@description('Name of the standard (pay-as-you-go) deployment.')
param standardDeploymentName string

@description('SKU of the standard deployment.')
@allowed([
  'Standard'
  'GlobalStandard'
  'DataZoneStandard'
])
param standardSkuName string

@description('Capacity of the standard deployment, in thousands of tokens per minute.')
@minValue(1)
param standardCapacity int

@description('Create the provisioned deployment. PTUs are billed by the hour whether used or not.')
param deployProvisioned bool

@description('Name of the provisioned deployment.')
param provisionedDeploymentName string

@description('SKU of the provisioned deployment.')
@allowed([
  'ProvisionedManaged'
  'GlobalProvisionedManaged'
  'DataZoneProvisionedManaged'
])
param provisionedSkuName string

@description('Provisioned throughput units (PTUs) of the provisioned deployment; each model has its own minimum and increment.')
@minValue(1)
param provisionedCapacity int

var openAiUserRole = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'

resource account 'Microsoft.CognitiveServices/accounts@2026-09-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    // Entra ID tokens need the custom subdomain endpoint (https://<name>.openai.azure.com).
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource standard 'Microsoft.CognitiveServices/accounts/deployments@2026-09-01' = {
  parent: account
  name: standardDeploymentName
  sku: {
    name: standardSkuName
    capacity: standardCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: modelName
      version: modelVersion
    }
    // The gateway's aliases name a model version; an upgrade is a decision made in the portal, not by Azure.
    versionUpgradeOption: 'NoAutoUpgrade'
  }
}

resource provisioned 'Microsoft.CognitiveServices/accounts/deployments@2026-09-01' = if (deployProvisioned) {
  parent: account
  name: provisionedDeploymentName
  sku: {
    name: provisionedSkuName
    capacity: provisionedCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: modelName
      version: modelVersion
    }
    versionUpgradeOption: 'NoAutoUpgrade'
  }
  // An account accepts one deployment change at a time; in parallel the second fails with a conflict.
  dependsOn: [
    standard
  ]
}

resource openAiUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, identityId, openAiUserRole)
  scope: account
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', openAiUserRole)
  }
}

@description('Endpoint of the account, the backend URL to register in the portal.')
output endpoint string = account.properties.endpoint

@description('Name of the standard deployment.')
output standardDeploymentName string = standard.name

@description('Name of the provisioned deployment, or empty when it is not deployed.')
output provisionedDeploymentName string = deployProvisioned ? provisioned!.name : ''
