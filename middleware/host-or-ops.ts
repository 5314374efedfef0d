// Analytics pages need a host or ops session; everyone else signs in first and comes back.
export default defineNuxtRouteMiddleware((to) => {
  const { loggedIn, user } = useUserSession()
  const role = user.value?.role
  if (!loggedIn.value || (role !== 'host' && role !== 'ops')) {
    return navigateTo({ path: '/login', query: { redirect: to.fullPath } })
  }
})
