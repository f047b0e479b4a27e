// Database migrations as a release step: a manually started Container Apps job that runs the same image with
// "migrate" (dotnet AiGateway.Portal.dll migrate), which applies pending EF Core migrations and exits. The app's
// replicas never migrate (Database__MigrateOnStartup=false), so three replicas starting together cannot race.

import { environmentVariable, keyVaultSecret, registryCredential } from 'types.bicep'

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Name of the job.')
param name string

@description('Resource id of the Container Apps environment.')
param environmentId string

@description('Workload profile of the environment to run on.')
param workloadProfileName string

@description('Resource id of the user-assigned identity the job runs as.')
param identityId string

@description('Container image; the same one the app runs.')
param image string

@description('Registries to pull the image from with the identity; none for a public registry.')
param registries registryCredential[]

@description('CPU cores of the job\'s replica.')
param cpu string

@description('Memory of the job\'s replica, such as 2Gi.')
param memory string

@description('Key Vault secrets the container refers to.')
param secrets keyVaultSecret[]

@description('Environment variables of the container: the app\'s, so the migration sees the same database.')
param env environmentVariable[]

resource job 'Microsoft.App/jobs@2026-07-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: workloadProfileName
    configuration: {
      triggerType: 'Manual'
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
      replicaTimeout: 1800
      // EF Core applies each migration in its own transaction on SQL Server, so a retry resumes after the last one
      // applied (a transient error while a serverless database wakes up, say).
      replicaRetryLimit: 1
      registries: registries
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'migrate'
          image: image
          // The image's entrypoint is "dotnet AiGateway.Portal.dll"; this is its argument.
          args: [
            'migrate'
          ]
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: env
        }
      ]
    }
  }
}

@description('Name of the job, for az containerapp job start.')
output name string = job.name
