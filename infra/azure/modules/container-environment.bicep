// The Container Apps environment, sending container logs to Log Analytics, and the pull permission on an optional
// Azure Container Registry. The app and the job depend on this module, so they start after AcrPull is granted.

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Name of the Container Apps environment.')
param name string

@description('Name of the workload profile (Consumption) the app and the job run on.')
param workloadProfileName string

@description('Name of the Log Analytics workspace that receives the container logs.')
param workspaceName string

@description('Name of an Azure Container Registry in this resource group to pull the image from, or empty for a public registry.')
param registryName string

@description('Resource id of the managed identity, which names its role assignments.')
param identityId string

@description('Principal id of the managed identity that pulls the image.')
param identityPrincipalId string

var acrPullRole = '7f951dda-4ed3-4680-a7ca-43fe172d538d'
var useRegistry = !empty(registryName)

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' existing = {
  name: workspaceName
}

resource registry 'Microsoft.ContainerRegistry/registries@2025-11-01' existing = if (useRegistry) {
  name: registryName
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (useRegistry) {
  name: guid(resourceGroup().id, registryName, identityId, acrPullRole)
  scope: registry
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRole)
  }
}

resource environment 'Microsoft.App/managedEnvironments@2026-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      {
        name: workloadProfileName
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

@description('Resource id of the environment.')
output id string = environment.id

