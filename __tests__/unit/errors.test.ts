import { describe, expect, it } from '@jest/globals'
import { InputError, errorMessage } from '../../src/util/errors.js'

describe('errors', () => {
  it('names the input', () => {
    expect(new InputError('push', 'expected auto, true or false').message).toBe(
      'Input "push": expected auto, true or false'
    )
    expect(errorMessage('x')).toBe('x')
  })
})
