// Shared parameter types. Imported with `import { ... } from 'types.bicep'`.

@export()
@description('Key Vault secret name for each upstream provider the app binds (Providers__<name>__ApiKey).')
type providerKeyVaultSecretNames = {
  openai: string
  anthropic: string
  gemini: string
  azureopenai: string
}

@export()
@description('Tenant name to SHA-256 hex hashes of its API keys. Hashes, not keys: the keys never leave the tenants.')
type tenantKeyHashMap = {
  *: string[]
}

@export()
@description('Schedules (NCrontab, six fields with seconds) for the app timers.')
type schedules = {
  cachePurge: string
  routingProbe: string
}

@export()
@description('Flex Consumption scale settings for one Function App.')
type scaleSettings = {
  @description('Instances kept warm for the HTTP trigger group (at least one, so there is no cold start).')
  @minValue(1)
  alwaysReadyHttpInstances: int

  @description('Memory per instance in MB; CPU and network bandwidth scale with it.')
  instanceMemoryMB: 512 | 2048 | 4096

  @description('Upper bound on instances, which also bounds the bill.')
  @minValue(40)
  @maxValue(1000)
  maximumInstanceCount: int
}
