import { run } from '../lifecycle/post.js'

await run()
