// The one deployable (Blazor portal, management API and gateway) as a container app: at least three replicas behind
// external HTTPS ingress, with session affinity for the Blazor Server circuits.

import { environmentVariable, keyVaultSecret, registryCredential } from 'types.bicep'

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Name of the container app.')
param name string

@description('Resource id of the Container Apps environment.')
param environmentId string

@description('Workload profile of the environment to run on.')
param workloadProfileName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Container image, such as ghcr.io/contoso/ai-gateway:1.0.0.')
param image string

@description('Registries to pull the image from with the identity; none for a public registry.')
param registries registryCredential[]

@description('CPU cores per replica.')
param cpu string

@description('Memory per replica, such as 2Gi.')
param memory string

@description('Fewest replicas.')
@minValue(1)
param minReplicas int

@description('Most replicas.')
@minValue(1)
param maxReplicas int

@description('Concurrent HTTP requests per replica above which Container Apps adds a replica.')
@minValue(1)
param concurrentRequests int

@description('Key Vault secrets the containers refer to.')
param secrets keyVaultSecret[]

@description('Environment variables of the container.')
param env environmentVariable[]

// The port the image listens on (ASPNETCORE_HTTP_PORTS in infra/Dockerfile).
var port = 8080

resource app 'Microsoft.App/containerApps@2026-07-01' = {
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
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
        // A Blazor Server circuit lives in one replica's memory: its reconnects must come back to that replica.
        stickySessions: {
          affinity: 'sticky'
        }
      }
      registries: registries
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'portal'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: env
          probes: [
            // Up to 2 + 10 x 3 seconds to start (ReadyToRun keeps it to a few) before liveness takes over.
            {
              type: 'Startup'
              httpGet: {
                path: '/healthz'
                port: port
              }
              initialDelaySeconds: 2
              periodSeconds: 3
              failureThreshold: 10
              timeoutSeconds: 3
            }
            // /healthz: the process answers. A database outage does not restart replicas that could still serve.
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: port
              }
              periodSeconds: 10
              failureThreshold: 3
              timeoutSeconds: 3
            }
            // /readyz: the routing snapshot is loaded and fresh; until then the replica gets no traffic.
            {
              type: 'Readiness'
              httpGet: {
                path: '/readyz'
                port: port
              }
              periodSeconds: 5
              failureThreshold: 3
              timeoutSeconds: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: {
                concurrentRequests: string(concurrentRequests)
              }
            }
          }
        ]
      }
    }
  }
}

@description('Public host name of the app.')
output fqdn string = app.properties.configuration.ingress.fqdn

@description('Name of the container app.')
output name string = app.name
