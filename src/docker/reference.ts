/**
 * The registry host of an image name, following docker's rule: the first path component is
 * a host only if it contains `.` or `:`, or is `localhost`; otherwise the image is on Docker Hub.
 */
export function registryHost(image: string): string {
  const slash = image.indexOf('/')
  if (slash < 0) return 'docker.io'
  const first = image.slice(0, slash)
  if (first.includes('.') || first.includes(':') || first === 'localhost') return first
  return 'docker.io'
}

/** The repository path inside its registry (`acme/app` for `ghcr.io/acme/app`). */
export function repositoryPath(image: string): string {
  const host = registryHost(image)
  if (host === 'docker.io' && !image.startsWith('docker.io/')) {
    return image.includes('/') ? image : `library/${image}`
  }
  return image.slice(host.length + 1)
}
