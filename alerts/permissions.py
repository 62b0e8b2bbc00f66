"""Who may see what of e-mail alerts: the filters and their counts are for the portal's superusers only;
no page shows an address (Decree 13/2023)."""


def user_can_view_alert_filters(user) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))
