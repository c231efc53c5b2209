// examples/api-routes-cors/src/pages/api/cors.rs: Next.js's examples/api-routes-cors as shipped
import Cors from 'cors'

const cors = Cors({ methods: ['POST', 'GET', 'HEAD'] })

function runMiddleware(req, res, fn) {
  return new Promise((resolve, reject) => {
    fn(req, res, (result) => (result instanceof Error ? reject(result) : resolve(result)))
  })
}

export default async function handler(req, res) {
  await runMiddleware(req, res, cors)
  res.json({ message: 'Hello Everyone!' })
}
