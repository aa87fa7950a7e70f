import { jest } from '@jest/globals'

// End-to-end tests build images and push to real registries on a shared 2-core machine, and a
// few wait out retry back-offs on purpose: give each test minutes.
jest.setTimeout(180_000)
