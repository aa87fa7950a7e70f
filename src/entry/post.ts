// Main records when it already removed everything; then the post step loads nothing more.
// The key is STATE.cleanedUp (lifecycle/state.ts), spelled out so this file imports nothing.
if (process.env['STATE_cleaned-up'] !== 'true') {
  const { run } = await import('../lifecycle/post.js')
  run()
}
