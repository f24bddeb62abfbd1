from django.urls import path

from tyopolku.subcontracting import views

urlpatterns = [
    path("group-work/groups/", views.group_list, name="subcontracting_groups"),
    path("group-work/groups/<int:group_id>/", views.group_detail, name="subcontracting_group"),
    path(
        "group-work/groups/<int:group_id>/members/<int:member_id>/return-to-work-activity/",
        views.member_return,
        name="subcontracting_member_return",
    ),
    path("group-work/orders/", views.order_list, name="subcontracting_orders"),
    path("group-work/orders/<int:order_id>/", views.order_detail, name="subcontracting_order"),
    path("group-work/pay/", views.pay_summary_page, name="pay_summary"),
    path("group-work/pay.csv", views.pay_summary_csv, name="pay_summary_csv"),
    path(
        "group-work/customers/<int:employer_id>/billing/",
        views.customer_billing,
        name="customer_billing",
    ),
    path("invoices/", views.invoice_list, name="invoice_list"),
    path("invoices/<int:invoice_id>/", views.invoice_detail, name="invoice_detail"),
    path("invoices/<int:invoice_id>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("invoices/<int:invoice_id>/finvoice/", views.invoice_finvoice, name="invoice_finvoice"),
    path("invoices/<int:invoice_id>/credit/", views.invoice_credit, name="invoice_credit"),
]
