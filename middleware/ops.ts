// Ops-only pages (host accounts): everyone else signs in first (with the ops key) and comes back.
// `need=ops` tells /login not to send a signed-in host straight back here (a redirect loop) and to
// say which key the page needs.
export default defineNuxtRouteMiddleware((to) => {
  const { loggedIn, user } = useUserSession()
  if (!loggedIn.value || user.value?.role !== 'ops') {
    return navigateTo({ path: '/login', query: { redirect: to.fullPath, need: 'ops' } })
  }
})
